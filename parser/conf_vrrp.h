/*
 * conf_vrrp: VRRP-side configuration.
 */
#ifndef VIGIL_CONF_VRRP_H
#define VIGIL_CONF_VRRP_H

#include <stdbool.h>
#include <stdint.h>

struct vrrp_conf_set {
	unsigned	ninstances;
};

#endif
