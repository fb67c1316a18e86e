#!/usr/bin/env bash
# Printed documents are HTML rendered to PDF by WeasyPrint, which needs pango and a font (Debian's DejaVu); the
# document tests read the PDFs back with poppler's pdftotext. Install what is missing.
set -euo pipefail
missing=()
ldconfig -p 2>/dev/null | grep -q "libpango-1.0.so" || missing+=(libpango-1.0-0)
ldconfig -p 2>/dev/null | grep -q "libpangoft2-1.0.so" || missing+=(libpangoft2-1.0-0)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf ] || missing+=(fonts-dejavu-core)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" != 0 ]; then
  echo "PDF documents need: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "Installing ${missing[*]} for the PDF documents..." >&2
apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
