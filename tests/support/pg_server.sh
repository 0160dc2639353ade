#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests (issue 23, docs/team.md): one cluster in DIR,
# listening on 127.0.0.1 at a free port and on a Unix socket in DIR, fsync off.
#   pg_server.sh start DIR   initialises and starts it; writes DIR/env (PGHOST, PGPORT, PGUSER)
#   pg_server.sh stop DIR    stops it and removes DIR
#   pg_server.sh down DIR    shuts it down as an administrator would (clients are disconnected,
#                            every committed transaction is kept); `up DIR` starts it again on the
#                            same port: the restart tests (issue 23)
# initdb refuses to run as root: as root, the cluster belongs to the `postgres` user the Debian
# package creates. Exits non-zero with one line naming the problem when the server cannot start
# (CI must fail, never skip).
set -euo pipefail
command=${1:?usage: pg_server.sh start|stop|down|up DIR}
dir=${2:?usage: pg_server.sh start|stop|down|up DIR}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$bin/initdb" ] || { echo "pg_server: no PostgreSQL server binaries under /usr/lib/postgresql (apt-get install postgresql)" >&2; exit 1; }
as_owner=()
owner=$(id -un)
if [ "$(id -u)" -eq 0 ]; then
  owner=postgres
  id "$owner" >/dev/null 2>&1 || { echo "pg_server: running as root and there is no '$owner' user to own the cluster" >&2; exit 1; }
  as_owner=(setpriv --reuid="$owner" --regid="$(id -g "$owner")" --init-groups --)
fi

# Starts the cluster in DIR on 127.0.0.1:$1 and the socket folder DIR, fsync off.
launch() {
  "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
    -o "-p $1 -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >"$dir/pg_ctl.log" 2>&1
}

case "$command" in
start)
  rm -rf "$dir"
  mkdir -p "$dir"
  [ ${#as_owner[@]} -eq 0 ] || chown "$owner" "$dir"
  "${as_owner[@]}" "$bin/initdb" -D "$dir/data" -U "$owner" -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { echo "pg_server: initdb failed, see $dir/initdb.log: $(tail -n 1 "$dir/initdb.log")" >&2; exit 1; }
  for attempt in $(seq 1 20); do
    port=$((20000 + RANDOM % 30000))
    if launch "$port"; then
      printf 'PGHOST=%s\nPGPORT=%s\nPGUSER=%s\n' "$dir" "$port" "$owner" >"$dir/env"
      echo "pg_server: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port and $dir, owner $owner"
      exit 0
    fi
    grep -q "could not bind\|Address already in use" "$dir/server.log" 2>/dev/null || break
  done
  echo "pg_server: the server did not start, see $dir/server.log: $(tail -n 1 "$dir/server.log" 2>/dev/null)" >&2
  exit 1
  ;;
stop)
  if [ -f "$dir/data/postmaster.pid" ]; then
    "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  ;;
down)
  "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >"$dir/pg_ctl.log" 2>&1 \
    || { echo "pg_server: the server did not shut down, see $dir/pg_ctl.log" >&2; exit 1; }
  ;;
up)
  launch "$(sed -n 's/^PGPORT=//p' "$dir/env")" \
    || { echo "pg_server: the server did not start again, see $dir/server.log: $(tail -n 1 "$dir/server.log" 2>/dev/null)" >&2; exit 1; }
  ;;
*)
  echo "pg_server: unknown command '$command' (start, stop, down or up)" >&2
  exit 2
  ;;
esac
