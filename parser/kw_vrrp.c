/*
 * kw_vrrp: VRRP-side keywords (stub).
 */
#include <stddef.h>

#include "conf.h"
#include "engine.h"

static const struct cfg_kw kw_vrrp_instance[] = {
	{ "priority", cfg_h_ignore, NULL, 0, 0, 0, 0 },
};
static CFG_BLOCK(vrrp_instance_block, "vrrp_instance", kw_vrrp_instance, NULL);

const struct cfg_kw kw_root_vrrp[] = {
	{ "vrrp_instance", NULL, &vrrp_instance_block, 0, 0, 0, 0 },
};
const size_t kw_root_vrrp_n = sizeof(kw_root_vrrp) / sizeof(kw_root_vrrp[0]);

void vrrp_conf_init(struct cfg_parse *p, struct conf *c) { }
void vrrp_conf_validate(struct cfg_parse *p, struct conf *c) { }
void vrrp_conf_dump(const struct conf *c, FILE *f) { }
