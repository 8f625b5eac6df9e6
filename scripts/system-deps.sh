#!/usr/bin/env bash
# Install the Debian packages the test suite needs, only those that are missing.
set -euo pipefail
need=()
command -v chromium >/dev/null || need+=(chromium)
command -v java >/dev/null || need+=(openjdk-17-jre-headless)
command -v virtuoso-t >/dev/null || need+=(virtuoso-opensource)
# Without a CJK font headless Chromium draws the Chinese labels of the screenshots as boxes.
fc-list :lang=zh 2>/dev/null | grep -q . || need+=(fonts-noto-cjk)
if [ -n "${need[*]}" ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "system-deps: missing ${need[*]}; install them with apt-get (needs root)" >&2
    exit 1
  fi
  echo "system-deps: installing ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
# The versions the suite runs with (the README records those of the last run): one line.
versions=$(dpkg-query -W -f='${Package}=${Version} ' chromium openjdk-17-jre-headless \
  virtuoso-opensource fonts-noto-cjk 2>/dev/null || true)
echo "system-deps: ${versions% }"
