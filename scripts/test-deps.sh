#!/usr/bin/env bash
# Installs what the tests drive besides Go: Mono's C# compiler (generated
# C# DTOs), Chromium (metadata pages in a real browser), dataclasses_json for
# Debian's python3 (generated Python DTOs), PHP (BillRun's own
# json_encode and hash_hmac make the signature test vectors), PostgreSQL
# (the store's second engine; tests start throwaway clusters of their own
# from /usr/lib/postgresql/<version>/bin, so no cluster is created at
# install), promtool (Debian's prometheus package checks the /metrics
# exposition) and the npm
# packages under testdata/clients (the TypeScript compiler, the ServiceStack
# client, playwright-core). Safe to run repeatedly: it only installs what is
# missing.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

missing=()
command -v mcs >/dev/null 2>&1 || missing+=(mono-devel)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v php >/dev/null 2>&1 || missing+=(php-cli)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
# Debian's python3 with dataclasses_json runs /types/python DTOs the way
# ServiceStack's Python client does.
/usr/bin/python3 -c 'import dataclasses_json' >/dev/null 2>&1 || missing+=(python3-dataclasses-json)
if ((${#missing[@]})); then
	if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
		echo "test-deps: installing ${missing[*]}"
		if [[ ! -e /etc/postgresql-common/createcluster.conf ]]; then
			mkdir -p /etc/postgresql-common
			echo 'create_main_cluster = false' >/etc/postgresql-common/createcluster.conf
		fi
		apt-get update -qq
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
	else
		echo "test-deps: missing ${missing[*]}; install them as root (apt-get install ${missing[*]})" >&2
	fi
fi

# npm writes node_modules/.package-lock.json; a lockfile newer than it means
# the pinned packages changed since the last install.
installed_lock=$root/testdata/clients/node_modules/.package-lock.json
if [[ ! -f $installed_lock || $root/testdata/clients/package-lock.json -nt $installed_lock ]]; then
	if command -v npm >/dev/null 2>&1; then
		echo "test-deps: npm ci in testdata/clients"
		(cd "$root/testdata/clients" && npm ci --no-audit --no-fund --loglevel=error)
	else
		echo "test-deps: npm is missing; the TypeScript and browser tests will not run" >&2
	fi
fi
