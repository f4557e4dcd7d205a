/*
 * conf_global: global_defs and the root-only global keywords.
 */
#ifndef VIGIL_CONF_GLOBAL_H
#define VIGIL_CONF_GLOBAL_H

#include <stdbool.h>
#include <stdint.h>

struct global_conf {
	char		*router_id;
};

#endif
