#!/bin/sh
# Runs a command inside a private D-Bus session with a throwaway, unlocked GNOME Keyring, so tests use a
# real Secret Service and never touch the user's own keyring.
#
# gnome-keyring-daemon has a known race (a client that vanishes mid-OpenSession aborts the daemon), and
# tests start and kill many short-lived clients. So the bus has no service activation (no locked
# replacement can appear), and a watchdog restarts the daemon, unlocked, on the same keyring files.
set -eu
if ! command -v dbus-run-session >/dev/null 2>&1 || ! command -v gnome-keyring-daemon >/dev/null 2>&1; then
  echo "with-keyring: dbus-run-session and gnome-keyring-daemon are required (apt-get install dbus gnome-keyring)." >&2
  exit 1
fi
here=$(cd "$(dirname "$0")" && pwd)
exec dbus-run-session --config-file="$here/test-session-bus.conf" -- sh -c '
  export XDG_DATA_HOME="$(mktemp -d)"
  export KEYDECK_TEST_KEYRING=1
  trap "rm -rf \"$XDG_DATA_HOME\"" EXIT
  keyring_pid() {
    gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
      --method org.freedesktop.DBus.GetConnectionUnixProcessID org.freedesktop.secrets 2>/dev/null |
      sed -n "s/^(uint32 \([0-9]*\),)$/\1/p"
  }
  start_keyring() {
    eval "$(printf x | gnome-keyring-daemon --replace --unlock --components=secrets 2>/dev/null)"
    i=0
    while [ -z "$(keyring_pid)" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
  }
  start_keyring
  (
    while :; do
      pid=$(keyring_pid)
      if [ -z "$pid" ]; then
        echo "with-keyring: the keyring daemon died; restarting it unlocked" >&2
        # KEYDECK_KEYRING_RESTART_DELAY (seconds) lets a test hold the outage open for a moment.
        sleep "${KEYDECK_KEYRING_RESTART_DELAY:-0}"
        start_keyring
        continue
      fi
      # Watch the bus name, not the pid: a crashed daemon may linger as an unreaped zombie.
      while [ "$(keyring_pid)" = "$pid" ]; do sleep 0.3; done
    done
  ) &
  watchdog=$!
  set +e
  "$@"
  status=$?
  kill "$watchdog" 2>/dev/null
  exit $status
' with-keyring "$@"
