#!/usr/bin/env bash
# Install the Debian packages the test suite needs, only those that are missing.
set -euo pipefail
need=()
command -v chromium >/dev/null || need+=(chromium)
command -v java >/dev/null || need+=(openjdk-17-jre-headless)
command -v virtuoso-t >/dev/null || need+=(virtuoso-opensource)
# owlcheck (../shared/tools/owlcheck, tests/test_reason.py) compiles against the OWL API:
# installed here, so its setup.sh never needs apt while the suite runs.
command -v javac >/dev/null || need+=(default-jdk-headless)
dpkg-query -W -f='${Status}' libowlapi-java 2>/dev/null | grep -q "install ok installed" ||
  need+=(libowlapi-java)
# Without a CJK font headless Chromium draws the Chinese labels of the screenshots as boxes.
fc-list :lang=zh 2>/dev/null | grep -q . || need+=(fonts-noto-cjk)
if [ -n "${need[*]}" ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "system-deps: missing ${need[*]}; install them with apt-get (needs root)" >&2
    exit 1
  fi
  echo "system-deps: installing ${need[*]}"
  # Another process (unattended upgrades, a second session) may hold the dpkg lock: wait
  # for it (up to 5 minutes) rather than fail.
  wait_lock=(-o DPkg::Lock::Timeout=300)
  apt-get "${wait_lock[@]}" update -qq
  DEBIAN_FRONTEND=noninteractive apt-get "${wait_lock[@]}" install -y -qq \
    --no-install-recommends "${need[@]}" >/dev/null
fi
# The versions the suite runs with (the README records those of the last run): one line.
versions=$(dpkg-query -W -f='${Package}=${Version} ' chromium openjdk-17-jre-headless \
  virtuoso-opensource fonts-noto-cjk libowlapi-java 2>/dev/null || true)
echo "system-deps: ${versions% }"
