# Module-loader fixtures for tests/host/test_modelf.c: small .ko files built
# from tests/host/fixtures/ with the kernel's module flags (gcc -c, ld -r),
# embedded into host-tests as C arrays by scripts/bin2c.py. Also links the
# loader core. Included at the end of tests/host/Makefile.

ifeq ($(.DEFAULT_GOAL),)
.DEFAULT_GOAL := $(out)/host-tests
endif

fixsrc := $(srctree)/tests/host/fixtures
fixout := $(out)/fixtures
FIXCFLAGS := -std=gnu11 -O2 -ffreestanding -nostdinc -fno-common -fno-pic -fno-pie \
	-mcmodel=kernel -mno-red-zone -mgeneral-regs-only -fno-asynchronous-unwind-tables \
	-fno-unwind-tables -fcf-protection=none -fno-stack-protector -Wall -Wextra

fixobjs := $(addprefix $(fixout)/,mod_a.o mod_b.o got.o pic.o common.o)
fixkos := $(addprefix $(fixout)/,basic.ko got.ko common.ko)

$(fixout)/mod_b.o: FIXEXTRA := -fstack-protector-strong -mstack-protector-guard=global \
	-fsanitize=undefined
$(fixout)/pic.o: FIXEXTRA := -fpic -mcmodel=small -fno-plt
$(fixout)/common.o: FIXEXTRA := -fcommon

$(filter-out $(fixout)/got.o,$(fixobjs)): $(fixout)/%.o: $(fixsrc)/%.c $(srctree)/tests/host/fixtures.mk
	@mkdir -p $(fixout)
	@echo '  FIXCC   tests/host/fixtures/$*.c'
	@$(CC) $(FIXCFLAGS) $(FIXEXTRA) -c -o $@ $<

$(fixout)/got.o: $(fixsrc)/got.S $(srctree)/tests/host/fixtures.mk
	@mkdir -p $(fixout)
	@echo '  FIXAS   tests/host/fixtures/got.S'
	@$(CC) $(FIXCFLAGS) -c -o $@ $<

$(fixout)/basic.ko: $(fixout)/mod_a.o $(fixout)/mod_b.o
$(fixout)/got.ko: $(fixout)/got.o $(fixout)/pic.o
$(fixout)/common.ko: $(fixout)/common.o
$(fixkos):
	@echo '  LD [M]  $@'
	@$(LD) -r -o $@ $^

$(fixout)/modelf_fixtures.c: $(fixkos) $(srctree)/scripts/bin2c.py
	@echo '  BIN2C   $@'
	@python3 $(srctree)/scripts/bin2c.py $@ modelf_fix_basic=$(fixout)/basic.ko \
		modelf_fix_got=$(fixout)/got.ko modelf_fix_common=$(fixout)/common.ko

$(fixout)/modelf_fixtures.o: $(fixout)/modelf_fixtures.c
	@echo '  HOSTCC  $<'
	@$(CC) $(CFLAGS) -c -o $@ $<

$(out)/host-tests: $(out)/pure/kernel/module/elf.o $(out)/pure/kernel/module/elf_reloc.o \
	$(fixout)/modelf_fixtures.o

-include $(out)/pure/kernel/module/elf.d $(out)/pure/kernel/module/elf_reloc.d
