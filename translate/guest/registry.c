/*
 * registry.c - every guest architecture warp supports, and the lookups
 * the loader (by ELF header) and the command line (by name) use.
 * Adding an arch adds one line to guest_arches[].
 */
#include <string.h>
#include "guest.h"

const struct guest_arch *const guest_arches[] = {
	&arch_riscv64,
	NULL,
};

const struct guest_arch *guest_arch_by_elf(uint16_t machine, uint8_t cls,
					   uint8_t data)
{
	for (const struct guest_arch *const *a = guest_arches; *a; a++)
		if ((*a)->elf_machine == machine && (*a)->elf_class == cls &&
		    (*a)->elf_data == data)
			return *a;
	return NULL;
}

const struct guest_arch *guest_arch_by_name(const char *name)
{
	for (const struct guest_arch *const *a = guest_arches; *a; a++)
		if (!strcmp((*a)->name, name))
			return *a;
	return NULL;
}
