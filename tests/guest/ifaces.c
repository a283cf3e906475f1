/*
 * ifaces: the network interface ioctls and a netlink route query, both
 * about the loopback interface, the one every host has: SIOCGIFCONF
 * (first with a NULL buffer for the size, then the list, where "lo" with
 * 127.0.0.1 must be), SIOCGIFINDEX, SIOCGIFNAME back from the index,
 * SIOCGIFFLAGS (IFF_UP, IFF_LOOPBACK), SIOCGIFMTU, SIOCGIFADDR,
 * SIOCGIFNETMASK, SIOCGIFHWADDR (ARPHRD_LOOPBACK); FIONREAD on a UDP
 * socket; an AF_NETLINK NETLINK_ROUTE socket bound with getsockname's
 * nl_pid, an RTM_GETLINK dump walked to NLMSG_DONE finding "lo" by
 * IFLA_IFNAME with the same index, and an RTM_GETADDR dump finding
 * 127.0.0.1.  Errors: ENODEV, EFAULT, ENOTTY.
 */
#define _GNU_SOURCE
#include "common.h"
#include "errname.h"
#include <arpa/inet.h>
#include <net/if_arp.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

static int lo_index;

static void ioctls(void)
{
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	struct ifconf ifc = { .ifc_len = 0, .ifc_buf = NULL };
	CHECK_EQ(ioctl(s, SIOCGIFCONF, &ifc), 0);
	printf("SIOCGIFCONF size query: multiple of ifreq %d, nonzero %d\n",
	       ifc.ifc_len % (int)sizeof(struct ifreq) == 0, ifc.ifc_len > 0);
	struct ifreq reqs[64];
	ifc.ifc_len = sizeof reqs;
	ifc.ifc_req = reqs;
	CHECK_EQ(ioctl(s, SIOCGIFCONF, &ifc), 0);
	int found = 0;
	for (int i = 0; i < ifc.ifc_len / (int)sizeof(struct ifreq); i++) {
		struct sockaddr_in *a = (struct sockaddr_in *)&reqs[i].ifr_addr;
		if (!strcmp(reqs[i].ifr_name, "lo") && a->sin_family == AF_INET &&
		    a->sin_addr.s_addr == htonl(INADDR_LOOPBACK))
			found = 1;
	}
	printf("lo 127.0.0.1 in SIOCGIFCONF: %d\n", found);
	/* room for one entry only */
	ifc.ifc_len = sizeof reqs[0];
	CHECK_EQ(ioctl(s, SIOCGIFCONF, &ifc), 0);
	printf("one entry: %d\n", ifc.ifc_len == (int)sizeof reqs[0]);

	struct ifreq r;
	memset(&r, 0, sizeof r);
	strcpy(r.ifr_name, "lo");
	CHECK_EQ(ioctl(s, SIOCGIFINDEX, &r), 0);
	lo_index = r.ifr_ifindex;
	printf("index positive %d\n", lo_index > 0);
	memset(&r, 0, sizeof r);
	r.ifr_ifindex = lo_index;
	CHECK_EQ(ioctl(s, SIOCGIFNAME, &r), 0);
	printf("name back: %s\n", r.ifr_name);
	CHECK_EQ(ioctl(s, SIOCGIFFLAGS, &r), 0);
	printf("flags: up %d loopback %d\n", (r.ifr_flags & IFF_UP) != 0,
	       (r.ifr_flags & IFF_LOOPBACK) != 0);
	CHECK_EQ(ioctl(s, SIOCGIFMTU, &r), 0);
	printf("mtu positive %d\n", r.ifr_mtu > 0);
	CHECK_EQ(ioctl(s, SIOCGIFADDR, &r), 0);
	printf("addr %s\n", inet_ntoa(((struct sockaddr_in *)&r.ifr_addr)->sin_addr));
	CHECK_EQ(ioctl(s, SIOCGIFNETMASK, &r), 0);
	printf("netmask %s\n", inet_ntoa(((struct sockaddr_in *)&r.ifr_netmask)->sin_addr));
	CHECK_EQ(ioctl(s, SIOCGIFHWADDR, &r), 0);
	printf("hwaddr family loopback %d\n", r.ifr_hwaddr.sa_family == ARPHRD_LOOPBACK);

	strcpy(r.ifr_name, "nosuchif0");
	ERR(ioctl(s, SIOCGIFFLAGS, &r));
	ERR(ioctl(s, SIOCGIFFLAGS, BADPTR));
	ERR(ioctl(s, SIOCGIFCONF, BADPTR));
	ifc.ifc_len = sizeof reqs;
	ifc.ifc_buf = BADPTR;
	ERR(ioctl(s, SIOCGIFCONF, &ifc));
	int fd = open("/dev/null", 0);
	ERR(ioctl(fd, SIOCGIFINDEX, &r));
	close(fd);

	/* FIONREAD on a datagram socket: the next datagram's size */
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t al = sizeof a;
	bind(s, (struct sockaddr *)&a, sizeof a);
	getsockname(s, (struct sockaddr *)&a, &al);
	sendto(s, "12345678", 8, 0, (struct sockaddr *)&a, al);
	sendto(s, "123", 3, 0, (struct sockaddr *)&a, al);
	usleep(10000);
	int avail = -1;
	CHECK_EQ(ioctl(s, FIONREAD, &avail), 0);
	printf("FIONREAD udp %d\n", avail);
	close(s);
}

static void netlink(void)
{
	int s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (s < 0) {
		printf("no netlink: skipped\n");
		return;
	}
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	CHECK_EQ(bind(s, (struct sockaddr *)&sa, sizeof sa), 0);
	socklen_t len = sizeof sa;
	CHECK_EQ(getsockname(s, (struct sockaddr *)&sa, &len), 0);
	printf("netlink bound: family %d len %u pid nonzero %d\n", sa.nl_family, len,
	       sa.nl_pid != 0);

	for (int pass = 0; pass < 2; pass++) {
		struct { struct nlmsghdr h; union { struct ifinfomsg i; struct ifaddrmsg a; } u; } req;
		memset(&req, 0, sizeof req);
		req.h.nlmsg_len = NLMSG_LENGTH(pass ? sizeof req.u.a : sizeof req.u.i);
		req.h.nlmsg_type = pass ? RTM_GETADDR : RTM_GETLINK;
		req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
		req.h.nlmsg_seq = 42 + pass;
		if (pass)
			req.u.a.ifa_family = AF_INET;
		struct sockaddr_nl k = { .nl_family = AF_NETLINK };
		struct iovec iov = { &req, req.h.nlmsg_len };
		struct msghdr m = { .msg_name = &k, .msg_namelen = sizeof k, .msg_iov = &iov,
				    .msg_iovlen = 1 };
		CHECK(sendmsg(s, &m, 0) == (ssize_t)req.h.nlmsg_len);
		int done = 0, found = 0, seq_ok = 1, msgs = 0;
		static char buf[65536] __attribute__((aligned(8)));
		while (!done) {
			struct sockaddr_nl from;
			struct iovec ri = { buf, sizeof buf };
			struct msghdr rm = { .msg_name = &from, .msg_namelen = sizeof from,
					     .msg_iov = &ri, .msg_iovlen = 1 };
			ssize_t n = recvmsg(s, &rm, 0);
			if (n <= 0)
				break;
			if (from.nl_pid != 0)
				seq_ok = 0;
			for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, n);
			     h = NLMSG_NEXT(h, n)) {
				if (h->nlmsg_seq != 42u + pass)
					seq_ok = 0;
				if (h->nlmsg_type == NLMSG_DONE) {
					done = 1;
					break;
				}
				msgs++;
				if (!pass && h->nlmsg_type == RTM_NEWLINK) {
					struct ifinfomsg *ii = NLMSG_DATA(h);
					int al = IFLA_PAYLOAD(h);
					for (struct rtattr *ra = IFLA_RTA(ii); RTA_OK(ra, al);
					     ra = RTA_NEXT(ra, al))
						if (ra->rta_type == IFLA_IFNAME &&
						    !strcmp(RTA_DATA(ra), "lo") && ii->ifi_index == lo_index)
							found = 1;
				}
				if (pass && h->nlmsg_type == RTM_NEWADDR) {
					struct ifaddrmsg *ia = NLMSG_DATA(h);
					int al = IFA_PAYLOAD(h);
					for (struct rtattr *ra = IFA_RTA(ia); RTA_OK(ra, al);
					     ra = RTA_NEXT(ra, al))
						if (ra->rta_type == IFA_LOCAL &&
						    *(uint32_t *)RTA_DATA(ra) == htonl(INADDR_LOOPBACK))
							found = 1;
				}
			}
		}
		printf("%s dump: done %d seq/pid ok %d messages %d lo found %d\n",
		       pass ? "RTM_GETADDR" : "RTM_GETLINK", done, seq_ok, msgs > 0, found);
	}
	ERR(bind(s, (struct sockaddr *)&sa, 4));
	close(s);
}

int main(void)
{
	ioctls();
	netlink();
	return finish();
}
