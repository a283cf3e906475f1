/*
 * time: clocks without printing absolute times: CLOCK_MONOTONIC never goes
 * back and advances across a nanosleep by at least the requested amount;
 * CLOCK_REALTIME and gettimeofday and time() agree with each other;
 * process CPU time advances under load; clock_getres; times(); gmtime and
 * strftime of a fixed epoch value; localtime with TZ=UTC.
 * test-env: TZ=UTC
 */
#include "common.h"
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>

static double ts(const struct timespec *t)
{
	return (double)t->tv_sec + t->tv_nsec * 1e-9;
}

int main(void)
{
	struct timespec a, b, res;

	CHECK_EQ(clock_gettime(CLOCK_MONOTONIC, &a), 0);
	int backwards = 0;
	for (int i = 0; i < 100000; i++) {
		CHECK_EQ(clock_gettime(CLOCK_MONOTONIC, &b), 0);
		if (b.tv_sec < a.tv_sec ||
		    (b.tv_sec == a.tv_sec && b.tv_nsec < a.tv_nsec))
			backwards++;
		a = b;
	}
	printf("monotonic went backwards %d times\n", backwards);
	CHECK_EQ(backwards, 0);
	CHECK(b.tv_nsec >= 0 && b.tv_nsec < 1000000000);

	struct timespec req = { 0, 20 * 1000 * 1000 }, rem;
	clock_gettime(CLOCK_MONOTONIC, &a);
	CHECK_EQ(nanosleep(&req, &rem), 0);
	clock_gettime(CLOCK_MONOTONIC, &b);
	double slept = ts(&b) - ts(&a);
	printf("nanosleep(20ms) slept at least 20ms: %d\n", slept >= 0.020);
	CHECK(slept >= 0.020 && slept < 5.0);

	struct timespec rt;
	struct timeval tv;
	CHECK_EQ(clock_gettime(CLOCK_REALTIME, &rt), 0);
	CHECK_EQ(gettimeofday(&tv, NULL), 0);
	time_t t = time(NULL);
	printf("realtime after 2020: %d\n", rt.tv_sec > 1577836800);
	CHECK(labs((long)(rt.tv_sec - tv.tv_sec)) <= 1);
	CHECK(labs((long)(t - tv.tv_sec)) <= 1);
	CHECK(tv.tv_usec >= 0 && tv.tv_usec < 1000000);

	CHECK_EQ(clock_getres(CLOCK_MONOTONIC, &res), 0);
	CHECK(res.tv_sec == 0 && res.tv_nsec > 0 && res.tv_nsec <= 1000000);
	printf("monotonic resolution <= 1ms: %d\n", res.tv_sec == 0 && res.tv_nsec <= 1000000);

	struct timespec c0, c1;
	CHECK_EQ(clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0), 0);
	volatile unsigned long spin = 0;
	for (unsigned long i = 0; i < 3000000; i++)
		spin += i;
	CHECK_EQ(clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1), 0);
	printf("cpu time advanced: %d\n", ts(&c1) > ts(&c0));
	CHECK(ts(&c1) > ts(&c0));
	struct tms tm;
	clock_t ticks = times(&tm);
	CHECK(ticks != (clock_t)-1);
	printf("clock() non-negative: %d\n", clock() >= 0);

	time_t fixed = 1234567890;
	struct tm g;
	gmtime_r(&fixed, &g);
	char buf[128];
	strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S %a %j", &g);
	printf("gmtime: %s\n", buf);
	struct tm l;
	localtime_r(&fixed, &l);
	strftime(buf, sizeof(buf), "%c %Z", &l);
	printf("localtime (TZ=UTC): %s\n", buf);
	printf("mktime round trip: %d\n", timegm(&g) == fixed);
	return finish();
}
