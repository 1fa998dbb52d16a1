#!/usr/bin/env bash
# Installs the Debian packages Lamina's tests use, when missing: curl, zip and unzip, jq (fixtures and scripts);
# bubblewrap and nsenter (the sandbox, where installed); slirp4netns and ip from iproute2
# (isolated environments' outbound network, link-local addresses blocked);
# python3 (the sandbox tests' runtime and extensions). Needs root, as CI runs; without root it only reports what is missing.
set -euo pipefail
need=()
for pair in curl:curl zip:zip unzip:unzip jq:jq bwrap:bubblewrap setsid:util-linux nsenter:util-linux slirp4netns:slirp4netns ip:iproute2 python3:python3; do
  cmd=${pair%%:*}; pkg=${pair#*:}
  command -v "$cmd" >/dev/null 2>&1 || need+=("$pkg")
done
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "install-packages: missing ${need[*]} (run as root to install)" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}"
