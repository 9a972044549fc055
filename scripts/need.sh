#!/bin/sh
# need.sh GROUP...: make sure the host has what a part of the build needs.
# Names the Debian package of every missing tool; as root installs them with
# apt-get, otherwise prints the exact apt-get line and fails.
# Groups: config, build, image, run, check.
# sfdisk lives in /usr/sbin, which is not in a normal user's PATH on Debian.
PATH=$PATH:/usr/sbin:/sbin
missing=""
want() { # want PACKAGE TEST-ARGS...
	pkg=$1; shift
	if ! "$@" >/dev/null 2>&1; then
		case " $missing " in *" $pkg "*) ;; *) missing="$missing $pkg" ;; esac
	fi
}
has() { command -v "$1"; }
for group in "$@"; do
	case $group in
	config) want kconfig-frontends has kconfig-conf
		want python3 has python3
		want libncurses-dev test -e /usr/include/ncurses.h ;;
	build)  want gcc has gcc
		want make has make
		want binutils has ld
		want nasm has nasm
		want python3 has python3
		want gnu-efi test -e /usr/lib/crt0-efi-x86_64.o
		want mtools has mformat
		want fdisk has sfdisk ;;
	run)    want qemu-system-x86 has qemu-system-x86_64
		want ovmf test -e /usr/share/OVMF/OVMF_CODE_4M.fd ;;
	check)  want qemu-system-x86 has qemu-system-x86_64
		want ovmf test -e /usr/share/OVMF/OVMF_CODE_4M.fd
		want tmux has tmux
		want clang-format has clang-format ;;
	*) echo "need.sh: unknown group $group" >&2; exit 2 ;;
	esac
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
	echo "Installing missing Debian packages:$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >&2 && apt-get install -y -qq $missing >&2 && exit 0
	echo "apt-get failed: install$missing by hand" >&2
	exit 1
fi
echo "Missing Debian packages. Run as root:" >&2
echo "  apt-get update && apt-get install -y$missing" >&2
exit 1
