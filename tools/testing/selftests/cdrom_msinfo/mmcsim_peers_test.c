// SPDX-License-Identifier: GPL-2.0
/*
 * The simulated MMC drive against real MMC consumers: every medium of
 * media/ is loaded into a drive of its own, bound to sr, and what udev's
 * cdrom_id, xorriso, cdrskin, wodim and the kernel's CDROMMULTISESSION
 * report is compared with the "expect" lines of its description. A
 * "deviation PEER reason" line names a peer's known deviation instead of
 * checking it. One result per medium.
 *
 * All drives are created first, then checked by several processes at
 * once: the peers spend most of their time sleeping between commands.
 *
 * cdrom_id and CDROMMULTISESSION go through sr and the cdrom layer, so
 * they run on every kernel. xorriso, cdrskin and wodim talk to the drive
 * through SG_IO only, and what the simulator answers does not depend on
 * the kernel: they run on the 6.12 kernel only (MSINFO_KREL), or on any
 * kernel when MMCSIM_PEERS=all.
 */
#include <linux/cdrom.h>
#include <stdbool.h>
#include <sys/ioctl.h>

#include "kselftest.h"
#include "mmcsim_lib.h"

#define OUT_SIZE	65536
#define TEXT_SIZE	16384
#define WORKERS		8
#define PEER_TIMEOUT_S	90

static const char * const media[] = {
	"cd-rom.closed.txt", "cd-rom.extra.txt",
	"cd-r.blank.txt", "cd-r.appendable-1.txt", "cd-r.appendable-2.txt",
	"cd-r.incomplete.txt", "cd-r.closed.txt", "cd-r.audio-data.txt",
	"cd-r.audio-open.txt", "cd-r.audio-data-open.txt", "cd-r.nofix.txt",
	"cd-rw.blank.txt", "cd-rw.appendable-1.txt", "cd-rw.closed.txt",
	"dvd-rom.closed.txt",
	"dvd-r.blank.txt", "dvd-r.appendable-1.txt", "dvd-r.appendable-2.txt",
	"dvd-r.incomplete.txt", "dvd-r.closed.txt",
	"dvd-r-dl.blank.txt", "dvd-r-dl.appendable-1.txt",
	"dvd-r-dl.closed.txt",
	"dvd-rw.blank.txt", "dvd-rw.appendable-1.txt", "dvd-rw.closed.txt",
	"dvd-rw-ro.formatted.txt", "dvd-rw-ro.unformatted.txt",
	"dvd-ram.formatted.txt",
	"dvd+rw.formatted.txt", "dvd+rw.formatted-empty.txt",
	"dvd+rw.unformatted.txt",
	"dvd+r.blank.txt", "dvd+r.appendable-1.txt", "dvd+r.appendable-2.txt",
	"dvd+r.incomplete.txt", "dvd+r.closed.txt",
	"dvd+r-dl.blank.txt", "dvd+r-dl.appendable-1.txt",
	"dvd+r-dl.closed.txt",
	"bd-rom.closed.txt",
	"bd-r.blank.txt", "bd-r.appendable-1.txt", "bd-r.appendable-2.txt",
	"bd-r.incomplete.txt", "bd-r.closed.txt", "bd-r.pow.txt",
	"bd-r-rrm.formatted.txt",
	"bd-re.formatted.txt", "bd-re.unformatted.txt",
};

#define NR_MEDIA	ARRAY_SIZE(media)

static struct mmcsim_drive drives[NR_MEDIA];

/* Do xorriso, cdrskin and wodim run on this kernel? */
static bool userspace_peers(void)
{
	const char *krel = getenv("MSINFO_KREL"), *all = getenv("MMCSIM_PEERS");

	if (all && !strcmp(all, "all"))
		return true;
	return krel && !strncmp(krel, "6.12.", 5) && !strstr(krel, "debug");
}

/* The last non-empty line of text */
static void last_line(const char *text, char *buf, size_t size)
{
	const char *end = text + strlen(text), *start;

	while (end > text && end[-1] == '\n')
		end--;
	start = end;
	while (start > text && start[-1] != '\n')
		start--;
	snprintf(buf, size, "%.*s", (int)(end - start), start);
}

/* The reason of a "deviation PEER reason" line, or NULL */
static const char *deviation(const char *text, const char *peer,
			     char *buf, size_t size)
{
	char key[64];
	const char *p;

	snprintf(key, sizeof(key), "\ndeviation %s ", peer);
	p = strstr(text, key);
	if (!p)
		return NULL;
	p += strlen(key);
	snprintf(buf, size, "%.*s", (int)strcspn(p, "\n"), p);
	return buf;
}

/* Print the output of a peer as diagnostics */
static void dump(FILE *log, const char *out)
{
	const char *l = out;

	while (*l) {
		int len = strcspn(l, "\n");

		fprintf(log, "#     %.*s\n", len, l);
		l += len;
		if (*l)
			l++;
	}
}

/*
 * Does a line of xorriso's output contain what? "TEXT$": a line is TEXT,
 * but for trailing blanks ("CD-R" is no "CD-RW").
 */
static bool xorriso_has(const char *out, const char *what)
{
	size_t n = strlen(what);
	const char *l;

	if (!n || what[n - 1] != '$')
		return mmcsim_has_line(out, what, MMCSIM_LINE_CONTAINS);
	n--;
	for (l = out; *l; l += strcspn(l, "\n"), l += !!*l) {
		size_t len = strcspn(l, "\n");

		while (len > n && (l[len - 1] == ' ' || l[len - 1] == '\r'))
			len--;
		if (len == n && !memcmp(l, what, n))
			return true;
	}
	return false;
}

/*
 * A peer's own refusal of -msinfo: what it prints when the medium takes no
 * session or has none to continue (cdrskin then exits 12, wodim 0).  A
 * peer killed at PEER_TIMEOUT_S, one that crashed or that failed for
 * another reason (a busy drive) has not refused.
 */
static const char * const refusals[][2] = {
	{ "cdrskin", "cdrskin: FATAL : -msinfo " },
	{ "wodim", "wodim: Cannot read first writable address" },
	{ "wodim", "wodim: Cannot read session offset" },
};

static bool refused(const char *peer, int status, const char *out)
{
	unsigned int i;

	/* mmcsim_runv: -1 when killed by a signal (the time limit) */
	if (status < 0 || status >= 126 ||
	    (status == 0 && strcmp(peer, "wodim")))
		return false;
	for (i = 0; i < ARRAY_SIZE(refusals); i++)
		if (!strcmp(refusals[i][0], peer) &&
		    mmcsim_has_line(out, refusals[i][1], MMCSIM_LINE_PREFIX))
			return true;
	return false;
}

/* What one peer printed, run once per medium */
struct peer_out {
	const char *name;
	bool done;
	int status;
	char *out;
};

static struct peer_out *run_peer(struct peer_out *peers, const char *name,
				 const char *dev)
{
	char arg[64], *argv[5] = {};
	struct peer_out *p;

	for (p = peers; p->name; p++)
		if (!strcmp(p->name, name))
			break;
	if (!p->name || p->done)
		return p->name ? p : NULL;
	p->done = true;
	p->out = malloc(OUT_SIZE);
	if (!p->out)
		return NULL;
	argv[0] = (char *)name;
	argv[1] = arg;
	argv[2] = "-msinfo";
	argv[3] = NULL;
	snprintf(arg, sizeof(arg), "dev=%s", dev);
	if (!strcmp(name, "cdrom_id")) {
		argv[0] = "/lib/udev/cdrom_id";
		argv[1] = (char *)dev;
		argv[2] = NULL;
	} else if (!strcmp(name, "xorriso")) {
		argv[1] = "-outdev";
		argv[2] = (char *)dev;
		argv[3] = "-toc";
	}
	p->status = mmcsim_runv(p->out, OUT_SIZE, PEER_TIMEOUT_S, argv);
	return p;
}

/*
 * Check one medium against its expectations; diagnostics to log.
 * Returns 0 when every checked expectation holds.
 */
static int check_medium(const char *file, struct mmcsim_drive *d, FILE *log)
{
	struct peer_out peers[] = {
		{ .name = "cdrom_id" }, { .name = "xorriso" },
		{ .name = "cdrskin" }, { .name = "wodim" }, { .name = NULL },
	};
	bool all = userspace_peers();
	char *text = malloc(TEXT_SIZE), *copy, *cur, *line;
	char why[256], got[256], model[4096], want_profile[64], path[PATH_MAX];
	int checked = 0, failed = 0, skipped = 0;
	const char *p;
	struct peer_out *po;

	mmcsim_media_path(path, sizeof(path), file);
	if (!text || msinfo_read_file(path, text, TEXT_SIZE) || !text[0]) {
		fprintf(log, "# %s: cannot read the description\n", file);
		return 1;
	}

	/* the model the drive derived names the profile of the description */
	p = strstr(text, "\nprofile ");
	if (!p || mmcsim_attr_read(d, "medium", model, sizeof(model)) <= 0) {
		fprintf(log, "# %s: no profile line or no model\n", file);
		return 1;
	}
	snprintf(want_profile, sizeof(want_profile), "profile %.*s",
		 (int)strcspn(p + 9, "\n #"), p + 9);
	if (!mmcsim_has_line(model, want_profile, MMCSIM_LINE_PREFIX)) {
		fprintf(log, "# %s: the model lacks '%s':\n", file, want_profile);
		dump(log, model);
		failed++;
	}

	copy = strdup(text);
	cur = copy;
	while (copy && (line = strsep(&cur, "\n")) != NULL) {
		char *peer, *want;

		if (strncmp(line, "expect ", 7))
			continue;
		peer = line + 7;
		want = strchr(peer, ' ');
		if (!want) {
			fprintf(log, "# %s: bad line: %s\n", file, line);
			failed++;
			continue;
		}
		*want++ = '\0';
		if (deviation(text, peer, why, sizeof(why))) {
			fprintf(log, "# %s: %s '%s' not checked, known deviation: %s\n",
				file, peer, want, why);
			continue;
		}
		if (!strcmp(peer, "multisession")) {
			struct cdrom_multisession ms = {
				.addr_format = CDROM_LBA,
			};
			int fd = open(d->dev, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

			checked++;
			if (fd < 0 || ioctl(fd, CDROMMULTISESSION, &ms)) {
				fprintf(log, "# %s: CDROMMULTISESSION: %s\n",
					file, strerror(errno));
				failed++;
			} else {
				snprintf(got, sizeof(got), "lba=%d xa=%d",
					 ms.addr.lba, ms.xa_flag);
				if (strcmp(want, got)) {
					fprintf(log, "# %s: CDROMMULTISESSION: %s, want %s\n",
						file, got, want);
					failed++;
				}
			}
			if (fd >= 0)
				close(fd);
			continue;
		}
		if (strcmp(peer, "cdrom_id") && strcmp(peer, "xorriso") &&
		    strcmp(peer, "cdrskin") && strcmp(peer, "wodim")) {
			fprintf(log, "# %s: unknown peer %s\n", file, peer);
			failed++;
			continue;
		}
		if (strcmp(peer, "cdrom_id") && !all) {
			skipped++;
			continue;
		}
		po = run_peer(peers, peer, d->dev);
		if (!po || !po->out) {
			fprintf(log, "# %s: cannot run %s\n", file, peer);
			failed++;
			continue;
		}
		checked++;
		if (!strcmp(peer, "cdrom_id")) {
			bool absent = want[strlen(want) - 1] == '=';
			bool has = mmcsim_has_line(po->out, want, absent ?
						   MMCSIM_LINE_PREFIX :
						   MMCSIM_LINE_EXACT);

			if (has == absent) {
				fprintf(log, "# %s: cdrom_id %s %s:\n", file,
					absent ? "has" : "lacks", want);
				dump(log, po->out);
				failed++;
			}
		} else if (!strcmp(peer, "xorriso")) {
			if (!xorriso_has(po->out, want)) {
				fprintf(log, "# %s: xorriso -toc lacks '%s':\n",
					file, want);
				dump(log, po->out);
				failed++;
			}
		} else {
			last_line(po->out, got, sizeof(got));
			if (!strcmp(want, "refused") ?
			    !refused(peer, po->status, po->out) :
			    po->status != 0 || strcmp(want, got)) {
				fprintf(log, "# %s: %s -msinfo says '%s' (exit %d), want %s:\n",
					file, peer, got, po->status, want);
				dump(log, po->out);
				failed++;
			}
		}
	}
	if (skipped)
		fprintf(log, "# %s: %d expectations left to the 6.12 run\n",
			file, skipped);
	/* a description without expectations would pass for nothing */
	if (checked < 3) {
		fprintf(log, "# %s: only %d expectations checked\n", file, checked);
		failed++;
	}
	for (po = peers; po->name; po++)
		free(po->out);
	free(copy);
	free(text);
	return !!failed;
}

/* Power drives on in several processes: sr probes each in turn */
static int power_all(int on)
{
	int w, failed = 0, st;
	unsigned int i;

	for (w = 0; w < WORKERS; w++) {
		if (fork() == 0) {
			int ret = 0;

			for (i = w; i < NR_MEDIA; i += WORKERS)
				if (drives[i].dir[0] &&
				    mmcsim_attr_write(&drives[i], "power", "%d", on))
					ret = 1;
			_exit(ret);
		}
	}
	while (wait(&st) > 0)
		failed |= !WIFEXITED(st) || WEXITSTATUS(st);
	return failed ? -EIO : 0;
}

int main(void)
{
	FILE *logs[NR_MEDIA] = {};
	int status[NR_MEDIA], setup[NR_MEDIA];
	pid_t pids[NR_MEDIA];
	unsigned int i, next = 0, running = 0;
	double start = msinfo_now(), created;
	int ret;

	ksft_print_header();
	ret = mmcsim_load_module();
	if (ret)
		ksft_exit_skip("cannot load mmcsim: %s\n", strerror(-ret));
	ksft_set_plan(NR_MEDIA);
	ksft_print_msg("xorriso, cdrskin and wodim: %s\n", userspace_peers() ?
		       "checked on this kernel" : "checked on 6.12 only");

	for (i = 0; i < NR_MEDIA; i++) {
		char name[64];

		snprintf(name, sizeof(name), "p-%.*s",
			 (int)(strlen(media[i]) - 4), media[i]);
		setup[i] = mmcsim_create(&drives[i], name);
		if (!setup[i])
			setup[i] = mmcsim_load(&drives[i], media[i]);
		if (setup[i]) {
			char err[256] = "";

			mmcsim_attr_read(&drives[i], "error", err, sizeof(err));
			ksft_print_msg("%s: no drive: %s %s\n", media[i],
				       strerror(-setup[i]), err);
		}
	}
	if (power_all(1))
		ksft_print_msg("powering the drives on failed\n");
	for (i = 0; i < NR_MEDIA; i++) {
		if (!setup[i])
			setup[i] = mmcsim_wait_disk(&drives[i], 20000);
		if (setup[i] == -ETIMEDOUT)
			ksft_print_msg("%s: sr did not bind the drive\n", media[i]);
	}

	created = msinfo_now();

	/* check WORKERS media at a time, each in a process of its own */
	while (next < NR_MEDIA || running) {
		int st;
		pid_t pid;

		if (next < NR_MEDIA && running < WORKERS) {
			i = next++;
			status[i] = 1;
			if (setup[i])
				continue;
			logs[i] = tmpfile();
			if (!logs[i])
				continue;
			fflush(NULL);
			pids[i] = fork();
			if (pids[i] == 0) {
				ret = check_medium(media[i], &drives[i], logs[i]);
				fflush(logs[i]);
				_exit(ret);
			}
			if (pids[i] > 0)
				running++;
			continue;
		}
		pid = wait(&st);
		if (pid < 0)
			break;
		for (i = 0; i < NR_MEDIA; i++) {
			if (logs[i] && pids[i] == pid) {
				status[i] = !WIFEXITED(st) || WEXITSTATUS(st);
				running--;
			}
		}
	}

	for (i = 0; i < NR_MEDIA; i++) {
		char buf[4096];
		size_t n;

		if (logs[i]) {
			rewind(logs[i]);
			while ((n = fread(buf, 1, sizeof(buf), logs[i])) > 0)
				fwrite(buf, 1, n, stdout);
			fclose(logs[i]);
		}
		ksft_test_result(!status[i], "%s\n", media[i]);
	}

	ksft_print_msg("drives created in %.0f s, checked in %.0f s\n",
		       created - start, msinfo_now() - created);
	if (power_all(0))
		ksft_print_msg("powering the drives off failed\n");
	for (i = 0; i < NR_MEDIA; i++)
		if (drives[i].dir[0] && mmcsim_destroy(&drives[i]))
			ksft_print_msg("%s: cannot remove the drive\n", media[i]);
	ksft_finished();
}
