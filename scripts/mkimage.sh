#!/bin/bash
# Build Loom's bootable disk image: GPT, one FAT32 EFI System Partition at
# 1 MiB holding \EFI\BOOT\BOOTX64.EFI and \boot\{loom.elf,initrd.cpio,
# cmdline.txt}. No root, no loop devices: sfdisk and mtools on a plain file.
# Reproducible: the same inputs give a byte-identical image (fixed GUIDs,
# volume serial and timestamps; SOURCE_DATE_EPOCH sets the time if given).
# The result boots in QEMU/OVMF and is the file one dd's to a USB stick.
set -euo pipefail
# sfdisk lives in /usr/sbin, which is not in a normal user's PATH on Debian.
PATH=$PATH:/usr/sbin:/sbin

usage() {
	cat >&2 <<EOF
usage: $0 --out IMG --efi BOOTX64.EFI --kernel loom.elf
          [--initrd initrd.cpio] [--cmdline cmdline.txt]
EOF
	exit 2
}

die() {
	echo "mkimage: $*" >&2
	exit 1
}

# Fixed identities: every Loom image has the same ones (reproducibility).
readonly DISK_GUID=4C4F4F4D-424F-4F54-8000-000000000001
readonly PART_GUID=4C4F4F4D-4553-4F50-8000-000000000001
readonly ESP_TYPE=C12A7328-F81F-11D2-BA4B-00A0C93EC93B
readonly VOL_SERIAL=4C4F4F4D
readonly VOL_LABEL=LOOM
readonly DEFAULT_EPOCH=1704067200	# 2024-01-01 00:00:00 UTC
readonly MIB=1048576
readonly ESP_MIN_MIB=34			# FAT32 needs >= 65525 clusters

out= efi= kernel= initrd= cmdline=
while [ $# -gt 0 ]; do
	[ $# -ge 2 ] || usage
	case "$1" in
	--out) out=$2 ;;
	--efi) efi=$2 ;;
	--kernel) kernel=$2 ;;
	--initrd) initrd=$2 ;;
	--cmdline) cmdline=$2 ;;
	*) usage ;;
	esac
	shift 2
done
[ -n "$out" ] && [ -n "$efi" ] && [ -n "$kernel" ] || usage
[ -d "$(dirname -- "$out")" ] || die "$out: no such directory"

need() {
	command -v "$1" >/dev/null 2>&1 ||
		die "'$1' not found: install the Debian package $2 (apt-get install $2)"
}
need sfdisk fdisk
need mformat mtools
need mmd mtools
need mcopy mtools
need truncate coreutils
need stat coreutils
need mktemp coreutils

for f in "$efi" "$kernel" ${initrd:+"$initrd"} ${cmdline:+"$cmdline"}; do
	[ -f "$f" ] && [ -r "$f" ] || die "$f: not a readable file"
done
[ "$(head -c 2 "$efi")" = MZ ] || die "$efi: not a PE/COFF (EFI) file"
[ "$(head -c 4 "$kernel" | tail -c 3)" = ELF ] || die "$kernel: not an ELF file"

epoch=${SOURCE_DATE_EPOCH:-$DEFAULT_EPOCH}
case "$epoch" in
'' | *[!0-9]*) die "SOURCE_DATE_EPOCH='$epoch' is not a number" ;;
esac
# FAT times run from 1980 to 2107.
[ "$epoch" -ge 315532800 ] && [ "$epoch" -lt 4354819200 ] ||
	die "SOURCE_DATE_EPOCH=$epoch is outside the FAT time range"

# Same behaviour on every machine: UTC times, no user mtools settings.
export TZ=UTC LC_ALL=C SOURCE_DATE_EPOCH=$epoch
export MTOOLSRC=/dev/null MTOOLS_SKIP_CHECK=1

# The image is built next to the output and renamed when complete.
tmp=$(mktemp -d)
img="$out.tmp$$"
trap 'rm -rf "$tmp" "$img"' EXIT

# Stage the files under their final names with a fixed modification time;
# mcopy -m keeps it, SOURCE_DATE_EPOCH covers directories and the label.
mkdir "$tmp/boot"
cp "$efi" "$tmp/BOOTX64.EFI"
cp "$kernel" "$tmp/boot/loom.elf"
[ -z "$initrd" ] || cp "$initrd" "$tmp/boot/initrd.cpio"
[ -z "$cmdline" ] || cp "$cmdline" "$tmp/boot/cmdline.txt"
touch -h -d "@$epoch" "$tmp/BOOTX64.EFI" "$tmp"/boot/*

# Size: the files (each rounded up to 4 KiB) plus a quarter and 4 MiB,
# never below the smallest FAT32 volume.
bytes=0
for f in "$tmp/BOOTX64.EFI" "$tmp"/boot/*; do
	size=$(stat -c %s "$f")
	bytes=$((bytes + (size + 4095) / 4096 * 4096))
done
esp_mib=$(((bytes + bytes / 4 + MIB - 1) / MIB + 4))
[ "$esp_mib" -ge "$ESP_MIN_MIB" ] || esp_mib=$ESP_MIN_MIB
esp_sectors=$((esp_mib * MIB / 512))
# Clusters as large as possible (up to 4 KiB) while staying FAT32.
cluster=8
while [ "$cluster" -gt 1 ] && [ $((esp_sectors / cluster)) -lt 70000 ]; do
	cluster=$((cluster / 2))
done

# 1 MiB for the protective MBR and primary GPT, 1 MiB for the backup GPT.
rm -f "$img"
truncate -s $(((esp_mib + 2) * MIB)) "$img"
sfdisk --quiet --no-reread --no-tell-kernel "$img" >/dev/null <<EOF
label: gpt
label-id: $DISK_GUID
unit: sectors
sector-size: 512
first-lba: 2048
start=2048, size=$esp_sectors, type=$ESP_TYPE, uuid=$PART_GUID, name="Loom EFI system"
EOF

esp="$img@@1M"
mformat -i "$esp" -F -T "$esp_sectors" -H 2048 -c "$cluster" \
	-N "$VOL_SERIAL" -v "$VOL_LABEL" ::
mmd -i "$esp" ::/EFI ::/EFI/BOOT ::/boot
mcopy -m -i "$esp" "$tmp/BOOTX64.EFI" ::/EFI/BOOT/BOOTX64.EFI
for f in "$tmp"/boot/*; do
	mcopy -m -i "$esp" "$f" "::/boot/${f##*/}"
done

mv -f "$img" "$out"
