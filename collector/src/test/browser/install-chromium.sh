#!/bin/sh
# The fleet view's browser test (FleetViewInChromiumIT) drives Debian's Chromium and ChromeDriver. Run by the
# collector's build before its integration tests (pre-integration-test; not with -DskipTests): installs the two
# packages when either program is missing, so the README's test command passes on a machine with only a JDK and Maven.
set -eu
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-chromium: /usr/bin/chromium or /usr/bin/chromedriver is missing and this is no Debian system:" \
    "install Chromium and ChromeDriver there, or FleetViewInChromiumIT fails" >&2
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "install-chromium: installing Debian's chromium and chromium-driver for FleetViewInChromiumIT" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
