/*
 * conf_check: checker-side configuration.
 */
#ifndef VIGIL_CONF_CHECK_H
#define VIGIL_CONF_CHECK_H

#include <stdbool.h>
#include <stdint.h>

struct check_conf_set {
	unsigned	nvs;
};

#endif
