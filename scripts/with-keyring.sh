#!/bin/sh
# Runs a command inside a private D-Bus session with a throwaway, unlocked GNOME Keyring, so tests use a
# real Secret Service and never touch the user's own keyring.
set -eu
if ! command -v dbus-run-session >/dev/null 2>&1 || ! command -v gnome-keyring-daemon >/dev/null 2>&1; then
  echo "with-keyring: dbus-run-session and gnome-keyring-daemon are required (apt-get install dbus gnome-keyring)." >&2
  exit 1
fi
dbus-run-session -- sh -c '
  export XDG_DATA_HOME="$(mktemp -d)"
  export KEYDECK_TEST_KEYRING=1
  eval "$(printf x | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null)"
  trap "rm -rf \"$XDG_DATA_HOME\"" EXIT
  "$@"
' with-keyring "$@"
