# Loom top-level Makefile: configuration (Kconfig), the recursive Kbuild-style
# build of the kernel, modules, loader and disk image, and the test and run
# targets. `make help` lists everything. Out-of-tree builds: O=dir.

VERSION := 0.1.0

MAKEFLAGS += --no-print-directory -r
SHELL := /bin/bash
unexport CONFIG_
.SUFFIXES:

srctree := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))

ifeq ("$(origin V)", "command line")
  KBUILD_VERBOSE := $(V)
endif
KBUILD_VERBOSE ?= 0
export KBUILD_VERBOSE

# ---------------------------------------------------------------------------
# O=dir: run this Makefile again inside the output folder.
ifneq ($(O),)
ifneq ($(sub_make_done),1)
ifeq ($(abspath $(O)),$(CURDIR))
else
__all:
PHONY := __all __sub-make
$(filter-out __all __sub-make,$(MAKECMDGOALS)) __all: __sub-make
	@:
__sub-make:
	@mkdir -p $(O)
	@$(MAKE) -C $(O) -f $(srctree)/Makefile sub_make_done=1 $(MAKECMDGOALS)
.PHONY: $(PHONY)
skip-makefile := 1
endif
endif
endif

ifneq ($(skip-makefile),1)

objtree := $(CURDIR)
export srctree objtree

PHONY := all
all:

include $(srctree)/scripts/Kbuild.include

# ---------------------------------------------------------------------------
# Tools (override on the command line: make CC=...)
CC := gcc
LD := ld
AR := ar
NM := nm
OBJCOPY := objcopy
STRIP := strip
NASM := nasm
PYTHON := python3
HOSTCC := gcc
export CC LD AR NM OBJCOPY STRIP NASM PYTHON HOSTCC

# ---------------------------------------------------------------------------
# Goals: configuration goals and build goals mixed on one command line are
# run one after the other, in the order given.
config-goals := $(filter %config,$(MAKECMDGOALS))
no-config-goals := help clean distclean mrproper checkstyle check-host \
	compile_commands.json kernelversion
ifneq ($(config-goals),)
ifneq ($(words $(MAKECMDGOALS)),1)
mixed-goals := 1
endif
endif

ifeq ($(mixed-goals),1)
PHONY += __sequential
$(MAKECMDGOALS): __sequential
	@:
__sequential:
	@set -e; for g in $(MAKECMDGOALS); do $(MAKE) -f $(srctree)/Makefile $$g; done
else

KCONFIG := $(srctree)/Kconfig
# Host packages are checked once per top-level make.
need = $(srctree)/scripts/need.sh
conf-env := env -u CONFIG_ srctree=$(srctree) KCONFIG_CONFIG=.config
conf := $(conf-env) kconfig-conf
checkconfig := $(PYTHON) $(srctree)/scripts/kconfig/checkconfig.py --srctree $(srctree) --config .config

ifneq ($(config-goals),)
# ===========================================================================
# Configuration targets

defconfig-files := $(notdir $(wildcard $(srctree)/configs/*_defconfig))
fragment-files := $(notdir $(wildcard $(srctree)/configs/*.config))

PHONY += conf-tools
conf-tools:
	@$(need) config

# make defconfig DEFCONFIG=file loads any file as a defconfig.
ifneq ($(DEFCONFIG),)
defconfig: conf-tools
	$(Q)$(conf) --defconfig=$(abspath $(DEFCONFIG)) $(KCONFIG) >/dev/null
	$(Q)$(checkconfig) $(abspath $(DEFCONFIG))
	@echo "configured: $(DEFCONFIG) -> $(objtree)/.config"
else
defconfig: qemu_defconfig
	@:
endif

%_defconfig: conf-tools
	@test -f $(srctree)/configs/$@ || { echo "error: no such defconfig: configs/$@ (see make help)"; exit 1; }
	$(Q)$(conf) --defconfig=$(srctree)/configs/$@ $(KCONFIG) >/dev/null
	$(Q)$(checkconfig) $(srctree)/configs/$@
	@echo "configured: $@ -> $(objtree)/.config"

%.config: conf-tools
	@test -f $(srctree)/configs/$@ || { echo "error: no such fragment: configs/$@ (see make help)"; exit 1; }
	@test -f .config || { echo "error: no .config to merge $@ onto: run make <name>_defconfig first"; exit 1; }
	$(Q)cat .config $(srctree)/configs/$@ > .config.merge
	$(Q)$(conf) --defconfig=.config.merge $(KCONFIG) 2>&1 >/dev/null | \
	  { grep -v 'override: reassigning' >&2 || :; }; rc=$${PIPESTATUS[0]}; rm -f .config.merge; exit $$rc
	$(Q)$(checkconfig) $(srctree)/configs/$@
	@echo "merged: configs/$@ -> $(objtree)/.config"

oldconfig olddefconfig listnewconfig allnoconfig allyesconfig allmodconfig alldefconfig randconfig: conf-tools
	$(Q)$(conf) --$@ $(KCONFIG)

savedefconfig: conf-tools
	$(Q)$(conf) --savedefconfig=defconfig $(KCONFIG)
	@echo "wrote $(objtree)/defconfig"

menuconfig: conf-tools
	$(Q)$(conf-env) kconfig-mconf $(KCONFIG)

nconfig: conf-tools
	$(Q)$(conf-env) kconfig-nconf $(KCONFIG)

PHONY += defconfig oldconfig olddefconfig listnewconfig allnoconfig allyesconfig \
	allmodconfig alldefconfig randconfig savedefconfig menuconfig nconfig

else
# ===========================================================================
# Build targets

# With no .config, the default configuration is made first.
ifeq ($(filter $(no-config-goals),$(MAKECMDGOALS)),)
ifeq ($(wildcard .config),)
$(info no .config: using qemu_defconfig)
$(shell $(MAKE) -f $(srctree)/Makefile qemu_defconfig >&2)
endif
endif

-include include/config/auto.conf

KBUILD_CFLAGS := -std=gnu11 -ffreestanding -nostdinc -isystem $(shell $(CC) -print-file-name=include) \
	-I$(objtree)/include -I$(srctree)/include -I$(srctree)/arch/x86/include \
	-include $(objtree)/include/generated/autoconf.h \
	-mcmodel=kernel -mno-red-zone -mgeneral-regs-only -fno-pic -fno-pie \
	-fno-common -fno-strict-aliasing -fno-omit-frame-pointer -mno-omit-leaf-frame-pointer \
	-fno-asynchronous-unwind-tables -fno-unwind-tables -fcf-protection=none \
	-fno-delete-null-pointer-checks -fno-stack-clash-protection \
	-Wall -Wextra -Wno-unused-parameter -Wno-sign-compare -Wstrict-prototypes \
	-Werror=implicit-function-declaration -Werror=return-type -Werror=incompatible-pointer-types \
	-g -ffile-prefix-map=$(objtree)=. -ffile-prefix-map=$(srctree)=. \
	-ffile-prefix-map=$(objtree)/= -ffile-prefix-map=$(srctree)/= $(KCFLAGS)
ifeq ($(CONFIG_CC_OPTIMIZE_FOR_SIZE),y)
KBUILD_CFLAGS += -Os
else
KBUILD_CFLAGS += -O2
endif
ifeq ($(CONFIG_STACKPROTECTOR),y)
KBUILD_CFLAGS += -fstack-protector-strong -mstack-protector-guard=global
else
KBUILD_CFLAGS += -fno-stack-protector
endif
ifeq ($(CONFIG_UBSAN),y)
KBUILD_CFLAGS += -fsanitize=undefined -fno-sanitize=alignment
endif
KBUILD_CFLAGS_MODULE := -DMODULE
KBUILD_AFLAGS := -I$(srctree)/arch/x86/include/ -I$(srctree)/include/
KBUILD_LDFLAGS := -m elf_x86_64
export KBUILD_CFLAGS KBUILD_CFLAGS_MODULE KBUILD_AFLAGS KBUILD_LDFLAGS

# Folders that make up the kernel, in link order.
core-dirs := arch/x86 kernel drivers fs net ipc acpi
build-dirs := $(core-dirs)

all: loom.img
	@echo "image: $(objtree)/loom.img"

PHONY += prepare tools
prepare: include/config/auto.conf include/generated/version.h tools \
	include/generated/buildid-module.o include/generated/buildid-kernel.o \
	include/generated/config_data.o

tools: scripts/basic/fixdep
	@$(need) build

scripts/basic/fixdep: $(srctree)/scripts/basic/fixdep.c
	@mkdir -p $(dir $@)
	@echo '  HOSTCC  $@'
	$(Q)$(HOSTCC) -O2 -Wall -o $@ $<

# Generated configuration: olddefconfig first (silentoldconfig exits 1 on new
# symbols without a terminal), then the split per-symbol files.
# The Kconfig files kconfig read last time (auto.conf.cmd names them
# relative to the source tree).
kconfig-deps := $(foreach w,$(file <include/config/auto.conf.cmd),\
	$(if $(findstring Kconfig,$w),$(if $(filter /%,$w),$w,$(srctree)/$w)))
include/config/auto.conf: .config $(kconfig-deps)
	@$(need) config
	@mkdir -p include/config include/generated
	@echo '  SYNC    $@'
	$(Q)$(conf) --olddefconfig $(KCONFIG) >/dev/null
	$(Q)$(conf) --silentoldconfig $(KCONFIG) </dev/null >/dev/null
	$(Q)touch $@

include/generated/autoconf.h: include/config/auto.conf ;

localversion = $(subst ",,$(CONFIG_LOCALVERSION))
quiet_cmd_version = GEN     $@
      cmd_version = mkdir -p $(dir $@); \
	printf '%s\n' '\#define LOOM_VERSION "$(VERSION)"' \
	'\#define LOOM_CONFIG_NAME "$(or $(localversion),custom)"' > $@
include/generated/version.h: FORCE
	$(call if_changed,version)

# Build identity: a hash of the configuration, the version and the compiler.
# Every .ko carries it (section .loom_buildid); the kernel refuses a module
# of another build. Only link steps depend on it, never a compilation.
build-id := $(shell { cat include/config/auto.conf 2>/dev/null; echo $(VERSION); \
	$(CC) --version | head -1; } | sha1sum | cut -c1-40)
quiet_cmd_buildid = GEN     $@
      cmd_buildid = printf '%b' '$(buildid-asm)' > $@.asm && $(NASM) -f elf64 -o $@ $@.asm && rm -f $@.asm
include/generated/buildid-module.o: buildid-asm = section .loom_buildid progbits alloc noexec nowrite align=1\n db "$(build-id)", 0\n section .note.GNU-stack noalloc noexec nowrite progbits\n
include/generated/buildid-kernel.o: buildid-asm = section .rodata\n global loom_build_id\n loom_build_id: db "$(build-id)", 0\n
include/generated/buildid-module.o include/generated/buildid-kernel.o: include/config/auto.conf FORCE
	@mkdir -p $(dir $@)
	$(call if_changed,buildid)

# The running kernel's .config, as /dev/config shows it: the file itself,
# assembled into .rodata between loom_config_data and loom_config_end. Like
# the build identity, only the link depends on it.
quiet_cmd_configdata = GEN     $@
      cmd_configdata = printf '%b' 'section .rodata\n global loom_config_data, loom_config_end\n loom_config_data: incbin "$(objtree)/.config"\n loom_config_end: db 0\n section .note.GNU-stack noalloc noexec nowrite progbits\n' > $@.asm && $(NASM) -f elf64 -o $@ $@.asm && rm -f $@.asm
include/generated/config_data.o: .config include/config/auto.conf FORCE
	@mkdir -p $(dir $@)
	$(call if_changed,configdata)

PHONY += $(build-dirs)
$(build-dirs): prepare
	$(Q)$(MAKE) $(build)=$@

# User space (usr/): the C library and the programs of the ramdisk.
PHONY += usr
usr: prepare
	$(if $(CONFIG_USERSPACE),$(Q)$(MAKE) -f $(srctree)/scripts/Makefile.usr,@rm -f usr/progs.list)

include $(srctree)/scripts/Makefile.image

endif # config-goals
endif # mixed-goals

include $(srctree)/scripts/Makefile.misc

-include $(wildcard .*.cmd include/generated/.*.cmd tests/user-kernel/.*.cmd)

endif # skip-makefile

.PHONY: $(PHONY)
