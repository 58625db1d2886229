#!/usr/bin/env bash
# stripe-mock.sh: install and run the pinned stripe-mock.
#
#   scripts/stripe-mock.sh install
#   scripts/stripe-mock.sh run ADDR_HTTP ADDR_HTTPS [FIXTURES.json]
#
# The version is pinned because stripe-mock bundles one OpenAPI spec: v0.183.0
# is the last tag whose spec is API 2023-10-16, the version stripe-go v76
# speaks. Later tags reject requests stripe-go v76 sends (ui_mode=embedded).
set -euo pipefail

version=v0.183.0
module=github.com/stripe/stripe-mock

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin_dir=$root/.bin
bin=$bin_dir/stripe-mock

usage() {
	echo "usage: $0 install | run ADDR_HTTP ADDR_HTTPS [FIXTURES.json]" >&2
	exit 2
}

# installed reports whether $bin exists and was built from the pinned
# version; the binary itself prints "master" for -version, so the build info
# is the only reliable record.
installed() {
	[[ -x $bin ]] && go version -m "$bin" 2>/dev/null |
		grep -Eq "^[[:space:]]+mod[[:space:]]+$module[[:space:]]+$version([[:space:]]|$)"
}

install() {
	installed && return 0
	mkdir -p "$bin_dir"
	# Build into a private directory and rename into place, so that several
	# test binaries installing at once never see a half-written file.
	tmp=$(mktemp -d "$bin_dir/.install.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	echo "installing $module@$version into $bin_dir" >&2
	GOBIN=$tmp go install "$module@$version"
	mv -f "$tmp/stripe-mock" "$bin"
}

cmd=${1:-}
case $cmd in
install)
	[[ $# -eq 1 ]] || usage
	install
	;;
run)
	[[ $# -eq 3 || $# -eq 4 ]] || usage
	install
	# Both addresses are always given: without -https-addr stripe-mock also
	# listens for HTTPS on all interfaces. -strict-version-check makes a client
	# that speaks another API version fail loudly instead of passing tests.
	args=(-http-addr "$2" -https-addr "$3" -strict-version-check)
	if [[ $# -eq 4 ]]; then
		args+=(-fixtures "$4")
	fi
	exec "$bin" "${args[@]}"
	;;
*)
	usage
	;;
esac
