# AML interpreter fixtures for tests/host/test_aml*.c: the ASL test programs
# (tests/acpi/t*.aml with acpiexec's answers in .expected) and QEMU's DSDTs
# and SSDTs with their reference namespaces, embedded by scripts/bin2c.py.
# Included at the end of tests/host/Makefile.

amlsrc := $(srctree)/tests/acpi
amlt := $(sort $(basename $(notdir $(wildcard $(amlsrc)/t*.aml))))
amlq := pc q35 q35-ovmf q35-nvdimm-vmgenid
cname = $(subst -,_,$(1))
amlargs := $(foreach t,$(amlt),aml_$(call cname,$(firstword $(subst -, ,$(t))))_aml=$(amlsrc)/$(t).aml \
	aml_$(call cname,$(firstword $(subst -, ,$(t))))_expected=$(amlsrc)/$(t).expected) \
	$(foreach q,$(amlq),aml_$(call cname,$(q))_dsdt=$(amlsrc)/qemu-$(q)/dsdt.aml \
	aml_$(call cname,$(q))_reference=$(amlsrc)/qemu-$(q)/reference.txt \
	aml_$(call cname,$(q))_namespace=$(amlsrc)/qemu-$(q)/namespace.txt) \
	aml_q35_nvdimm_vmgenid_ssdt1=$(amlsrc)/qemu-q35-nvdimm-vmgenid/ssdt1.aml \
	aml_q35_nvdimm_vmgenid_ssdt2=$(amlsrc)/qemu-q35-nvdimm-vmgenid/ssdt2.aml
amlfiles := $(foreach a,$(amlargs),$(lastword $(subst =, ,$(a))))

$(out)/aml/aml_fixtures.c: $(amlfiles) $(srctree)/scripts/bin2c.py $(srctree)/tests/host/aml.mk
	@mkdir -p $(out)/aml
	@echo '  BIN2C   $@'
	@python3 $(srctree)/scripts/bin2c.py $@ $(amlargs)

$(out)/aml/aml_fixtures.o: $(out)/aml/aml_fixtures.c
	@echo '  HOSTCC  $<'
	@$(CC) $(CFLAGS) -c -o $@ $<

$(out)/host-tests: $(out)/aml/aml_fixtures.o
