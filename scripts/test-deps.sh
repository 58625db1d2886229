#!/usr/bin/env bash
# Installs what the tests drive besides Go. Safe to run repeatedly: it only
# installs what is missing, and only as root on a Debian-like system;
# elsewhere it says what to install.
set -euo pipefail

# PHP (php-cli): BillRun's own json_encode and hash_hmac make the BillRun
# signature test vectors.
if ! command -v php >/dev/null 2>&1; then
	if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
		echo "test-deps: installing php-cli"
		apt-get update -qq
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq php-cli >/dev/null
	else
		echo "test-deps: php is missing; install it as root (apt-get install php-cli)" >&2
	fi
fi
