#!/bin/bash
# Link the kernel: link-loom.sh OUT LDS [kallsyms] ARCHIVES...
#
# Without kallsyms: one link. With it: link once with no symbol table (the
# kallsyms_* references are weak and resolve to 0), generate the table from
# that image, link again with the table in .kallsyms. The linker script puts
# .kallsyms after everything else, so no other symbol moves between the two
# passes; this script checks that and fails if one did.
set -euo pipefail
out=$1 lds=$2
shift 2
ks=0
if [ "${1:-}" = kallsyms ]; then ks=1; shift; fi

link() {
	local o=$1
	shift
	$LD $KBUILD_LDFLAGS -T "$lds" --build-id=sha1 -z max-page-size=4096 \
		-z noexecstack --no-warn-rwx-segments -o "$o" \
		--whole-archive "$@" --no-whole-archive
}

syms() { $NM -n "$1" | awk '$3 !~ /^(kallsyms_|_kernel_end$)/ { print $1, $3 }' ; }

if [ $ks = 0 ]; then
	link "$out" "$@"
	exit 0
fi
tmp=.tmp_$(basename "$out")
link "$tmp.1" "$@"
$NM -n -S "$tmp.1" | $PYTHON "$srctree/scripts/kallsyms.py" > "$tmp.kallsyms.asm"
$NASM -f elf64 -o "$tmp.kallsyms.o" "$tmp.kallsyms.asm"
link "$tmp.2" "$@" "$tmp.kallsyms.o"
if ! cmp -s <(syms "$tmp.1") <(syms "$tmp.2"); then
	echo "link-loom.sh: symbols moved between the two link passes:" >&2
	diff <(syms "$tmp.1") <(syms "$tmp.2") | head >&2
	exit 1
fi
mv "$tmp.2" "$out"
rm -f "$tmp.1" "$tmp.kallsyms.o"
