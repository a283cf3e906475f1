/*
 * dispatch (branch): calls through function pointers, the way C++ virtual
 * calls and callback tables work: an array of objects of six kinds, each
 * with a pointer to its ops table, visited in random order so the indirect
 * call target is unpredictable.  Every call is a jalr to a target only known
 * at run time, and every return a jalr to the caller.
 */
#include "bench.h"

struct obj;

struct obj_ops {
	uint64_t (*step)(struct obj *o, uint64_t x);
	uint64_t (*weight)(const struct obj *o);
};

struct obj {
	const struct obj_ops *ops;
	uint64_t state;
};

static uint64_t step_add(struct obj *o, uint64_t x) { return o->state += x; }
static uint64_t step_xor(struct obj *o, uint64_t x) { return o->state ^= x * 3; }
static uint64_t step_rot(struct obj *o, uint64_t x)
{
	o->state = (o->state << 7 | o->state >> 57) + x;
	return o->state;
}
static uint64_t step_mul(struct obj *o, uint64_t x) { return o->state = o->state * 5 + x; }
static uint64_t step_sub(struct obj *o, uint64_t x) { return o->state -= x >> 3; }
static uint64_t step_cnt(struct obj *o, uint64_t x) { return o->state += x & 1; }
static uint64_t weight_lo(const struct obj *o) { return o->state & 0xff; }
static uint64_t weight_hi(const struct obj *o) { return o->state >> 56; }
static uint64_t weight_pop(const struct obj *o) { return (uint64_t)__builtin_popcountll(o->state); }

static const struct obj_ops kinds[] = {
	{ step_add, weight_lo }, { step_xor, weight_hi }, { step_rot, weight_pop },
	{ step_mul, weight_lo }, { step_sub, weight_hi }, { step_cnt, weight_pop },
};

#define NOBJ 4096

int main(int argc, char **argv)
{
	long scale = bench_scale(argc, argv);
	static struct obj objs[NOBJ];
	static uint16_t visit[NOBJ];
	uint64_t rng = 9, x = 1, sum = BENCH_SEED;

	for (int i = 0; i < NOBJ; i++) {
		objs[i].ops = &kinds[bench_rand(&rng) % 6];
		objs[i].state = bench_rand(&rng);
		visit[i] = (uint16_t)(bench_rand(&rng) % NOBJ);
	}
	for (long round = 0; round < scale * 1000; round++) {
		for (int i = 0; i < NOBJ; i++) {
			struct obj *o = &objs[visit[i]];

			x = o->ops->step(o, x) + o->ops->weight(o);
		}
		sum = bench_mix(sum, x);
	}
	bench_report("dispatch", sum);
	return 0;
}
