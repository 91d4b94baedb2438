#!/usr/bin/env bash
# Single-node Slurm test of workflow/profiles/slurm (`make slurm-test`; not part of `make test`).
#
# Installs Debian's slurm-wlm and munge if missing, starts munged (unless one already answers),
# slurmctld and slurmd with a generated slurm.conf in a temporary directory, builds the seeds
# once through Slurm (--profile workflow/profiles/slurm) and once locally (--cores 2), each in
# its own copy of the repository, and checks that the two releases are byte-identical.
# Every daemon it started is stopped on exit, whatever happens.
#
# Needs: root (apt-get, daemons, jobs run as root), Debian/Ubuntu, .venv (make .venv/.installed).
# Environment: SLURM_TEST_TIMEOUT (seconds per build, default 1800), SLURM_TEST_KEEP=1 keeps
# the temporary directory (logs, both builds) for inspection.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SNAKEMAKE="$ROOT/.venv/bin/snakemake"
TIMEOUT=${SLURM_TEST_TIMEOUT:-1800}
START=$(date +%s)
WORK=""
STARTED_PIDFILES=()
MARK="# written by conflictnews tools/slurm_test.sh"
CONF_WRITTEN=0
LOCAL_PID=""

log() { printf '[slurm-test %4ds] %s\n' "$(($(date +%s) - START))" "$*"; }
fail() {
	log "FAIL: $*"
	exit 1
}

cleanup() {
	local status=$? pidfile pid jobs
	set +e
	# A local build still running (the Slurm build failed first): stop it and its jobs.
	[[ -n $LOCAL_PID ]] && kill "$LOCAL_PID" 2>/dev/null && wait "$LOCAL_PID" 2>/dev/null
	# Jobs still on our test cluster (a build that failed or timed out): cancel them first, as
	# their job steps would outlive slurmd.
	if ((CONF_WRITTEN)) && [[ -s $WORK/slurmctld.pid ]]; then
		jobs=$(squeue -h -o %i 2>/dev/null)
		if [[ -n $jobs ]]; then
			log "cancelling jobs left on the test cluster: $(echo $jobs)"
			scancel $jobs 2>/dev/null
			for _ in $(seq 30); do [[ -z $(squeue -h -o %i 2>/dev/null) ]] && break; sleep 1; done
		fi
	fi
	# Stop in reverse order of start: slurmd, slurmctld, munged.
	for ((i = ${#STARTED_PIDFILES[@]} - 1; i >= 0; i--)); do
		pidfile=${STARTED_PIDFILES[i]}
		pid=$(cat "$pidfile" 2>/dev/null || true)
		if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
			kill "$pid" 2>/dev/null || true
			for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
			kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
			log "stopped $(basename "$pidfile" .pid) (pid $pid)"
		fi
	done
	((CONF_WRITTEN)) && rm -f /etc/slurm/slurm.conf
	if [[ -n $WORK ]]; then
		if [[ ${SLURM_TEST_KEEP:-0} == 1 || $status != 0 ]]; then
			log "kept $WORK (logs: $WORK/*.log)"
		else
			rm -rf "$WORK"
		fi
	fi
	log "$([[ $status == 0 ]] && echo PASS || echo "FAILED (exit $status)") in $(($(date +%s) - START)) s"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[[ $(id -u) == 0 ]] || fail "needs root (apt-get, slurmctld/slurmd, jobs run as root)"
[[ -x $SNAKEMAKE ]] || fail "no $SNAKEMAKE: run make .venv/.installed first"
"$ROOT/.venv/bin/python" -c 'import snakemake_executor_plugin_slurm' 2>/dev/null ||
	fail "snakemake-executor-plugin-slurm is not installed in .venv (requirements.lock)"

WORK=$(mktemp -d /tmp/conflictnews-slurm.XXXXXX)
chmod 755 "$WORK"

# --- 1. packages -----------------------------------------------------------------------------
need_install=0
for cmd in slurmctld slurmd sbatch squeue sinfo srun munged munge unmunge; do
	command -v "$cmd" >/dev/null || need_install=1
done
if ((need_install)); then
	log "installing slurm-wlm and munge (apt-get)"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >"$WORK/apt.log" 2>&1 || fail "apt-get update (see $WORK/apt.log)"
	apt-get install -y -qq --no-install-recommends slurm-wlm munge >>"$WORK/apt.log" 2>&1 ||
		fail "apt-get install slurm-wlm munge (see $WORK/apt.log)"
fi
log "$(slurmctld -V), $(munged --version 2>&1 | head -1)"

# --- 2. munge ---------------------------------------------------------------------------------
if [[ ! -s /etc/munge/munge.key ]]; then
	log "creating /etc/munge/munge.key"
	mungekey --create --keyfile=/etc/munge/munge.key
	chown munge:munge /etc/munge/munge.key
	chmod 400 /etc/munge/munge.key
fi
if munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
	log "munged already running: using it, will not stop it"
else
	install -d -o munge -g munge -m 755 /run/munge
	install -d -o munge -g munge -m 700 /var/lib/munge /var/log/munge
	runuser -u munge -- /usr/sbin/munged --pid-file=/run/munge/munged.pid
	STARTED_PIDFILES+=(/run/munge/munged.pid)
	for _ in $(seq 50); do munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.2; done
	munge -n | unmunge >/dev/null || fail "munged does not answer (see /var/log/munge/munged.log)"
	log "started munged (pid $(cat /run/munge/munged.pid))"
fi

# --- 3. slurm.conf and daemons ----------------------------------------------------------------
NODE=$(hostname -s)
CPUS=$(nproc)
MEM_MB=$(awk '/^MemTotal:/ {printf "%d", $2 / 1024 * 0.8}' /proc/meminfo)
mkdir -p "$WORK/state" "$WORK/spool"
# Ports off Slurm's defaults (6817/6818) so that a real cluster on the machine is not disturbed.
# SlurmUser=root and the default DisableRootJobs=NO let root submit and run jobs.
cat >"$WORK/slurm.conf" <<EOF
ClusterName=conflictnews-test
SlurmctldHost=$NODE(127.0.0.1)
SlurmctldPort=16817
SlurmdPort=16818
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$WORK/state
SlurmdSpoolDir=$WORK/spool
SlurmctldPidFile=$WORK/slurmctld.pid
SlurmdPidFile=$WORK/slurmd.pid
SlurmctldLogFile=$WORK/slurmctld.log
SlurmdLogFile=$WORK/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
SchedulerType=sched/backfill
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
MpiDefault=none
ReturnToService=2
MinJobAge=300
NodeName=$NODE NodeAddr=127.0.0.1 CPUs=$CPUS RealMemory=$MEM_MB State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
# The config must be at Slurm's default path: the executor's job step drops SLURM_* variables
# (SLURM_CONF too) before its inner `srun`. An existing file that is not ours is left alone.
CONF=/etc/slurm/slurm.conf
if [[ -e $CONF ]] && ! grep -q "^$MARK" "$CONF"; then
	fail "$CONF exists: this test runs its own single-node cluster; use a scratch machine"
fi
mkdir -p /etc/slurm
{ echo "$MARK (removed when the test ends)"; cat "$WORK/slurm.conf"; } >"$CONF"
CONF_WRITTEN=1

slurmctld -i
STARTED_PIDFILES+=("$WORK/slurmctld.pid")
for _ in $(seq 50); do [[ -s $WORK/slurmctld.pid ]] && break; sleep 0.2; done
log "started slurmctld (pid $(cat "$WORK/slurmctld.pid" 2>/dev/null || echo '?'))"
slurmd
STARTED_PIDFILES+=("$WORK/slurmd.pid")
for _ in $(seq 50); do [[ -s $WORK/slurmd.pid ]] && break; sleep 0.2; done
log "started slurmd (pid $(cat "$WORK/slurmd.pid" 2>/dev/null || echo '?'))"

state=""
for _ in $(seq 60); do
	state=$(sinfo -h -N -o %T 2>/dev/null | head -1 || true)
	[[ $state == idle ]] && break
	sleep 1
done
[[ $state == idle ]] || fail "node not idle (state '$state'; see $WORK/slurmctld.log, $WORK/slurmd.log)"
sinfo -N -o '%N %P %T %c %m' | sed 's/^/    /'
got=$(timeout 60 srun -N1 -t 1 hostname) || fail "srun hostname"
log "srun hostname -> $got"
log "sacct here (no accounting): $(sacct -n 2>&1 | head -1 || true)"

# --- 4. two builds of the seeds, each in its own copy of the repository -----------------------
copy_repo() {
	mkdir -p "$1"
	if git -C "$ROOT" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
		git -C "$ROOT" ls-files -z --cached --others --exclude-standard |
			while IFS= read -r -d '' f; do [[ -e $ROOT/$f ]] && printf '%s\0' "$f"; done |
			tar -C "$ROOT" --null -T - -cf - | tar -C "$1" -xf -
	else # an unpacked archive: everything but build outputs and the environment
		tar -C "$ROOT" --exclude=./.venv --exclude=./results --exclude=./logs --exclude=./benchmarks \
			--exclude=./.snakemake --exclude=./release -cf - . | tar -C "$1" -xf -
	fi
}
copy_repo "$WORK/slurm"
copy_repo "$WORK/local"

# The local build runs meanwhile (the Slurm build mostly waits for status checks).
log "local build: snakemake --cores 2, in the background (log: $WORK/local.log)"
local_t0=$(date +%s)
(cd "$WORK/local" && exec timeout -s KILL "$TIMEOUT" "$SNAKEMAKE" --cores 2) >"$WORK/local.log" 2>&1 &
LOCAL_PID=$!

# Test-only settings on top of the user profile: this cluster has no accounting (no sacct), so
# job states come from squeue (MinJobAge=300 >= 3 x 5 s), and the first check comes after 5 s.
log "build through Slurm: snakemake --profile workflow/profiles/slurm (log: $WORK/slurm.log)"
t0=$(date +%s)
(cd "$WORK/slurm" && timeout -s KILL "$TIMEOUT" "$SNAKEMAKE" --profile workflow/profiles/slurm \
	--slurm-status-command squeue --slurm-init-seconds-before-status-checks 5 \
	--slurm-keep-successful-logs --max-threads "$CPUS") >"$WORK/slurm.log" 2>&1 ||
	{ tail -40 "$WORK/slurm.log"; fail "Slurm build (see $WORK/slurm.log)"; }
slurm_s=$(($(date +%s) - t0))
submitted=$(find "$WORK/slurm/.snakemake/slurm_logs" -name '*.log' | wc -l)
((submitted > 0)) || fail "no Slurm job logs: the build did not go through Slurm"
log "Slurm build done in ${slurm_s} s, $submitted jobs submitted with sbatch"

wait "$LOCAL_PID" || { tail -40 "$WORK/local.log"; fail "local build (see $WORK/local.log)"; }
LOCAL_PID=""
log "local build done (it took $(($(stat -c %Y "$WORK/local.log") - local_t0)) s)"

# --- 5. the two releases must be byte-identical -----------------------------------------------
release=$(cd "$WORK/local" && ls -d release/v*/ | head -1)
[[ -n $release && -d $WORK/slurm/$release ]] || fail "no release directory in both builds"
for build in slurm local; do
	(cd "$WORK/$build/$release" && sha256sum --quiet -c SHA256SUMS) ||
		fail "$build: SHA256SUMS does not match its files"
done
cmp "$WORK/slurm/$release/SHA256SUMS" "$WORK/local/$release/SHA256SUMS" ||
	fail "SHA256SUMS differ between the Slurm and the local build"
diff -r "$WORK/slurm/$release" "$WORK/local/$release" >"$WORK/release.diff" 2>&1 ||
	{ head -20 "$WORK/release.diff"; fail "release files differ (see $WORK/release.diff)"; }
files=$(find "$WORK/local/$release" -type f | wc -l)
log "release $release: all $files files byte-identical (SHA256SUMS $(sha256sum <"$WORK/local/$release/SHA256SUMS" | cut -c1-16))"
