#!/usr/bin/env bash
# Load test of the public request form on gunicorn (issue 6): requests per
# second, p99 latency and errors, for showing the form (GET) and for sending
# it (POST, each one a stored request and a confirmation e-mail).
#
#   bench/load.sh postgres://postgres@127.0.0.1:5432/kh_bench_1m [seconds] [workers]
#
# Needs wrk (apt-get install wrk). Traffic goes only to 127.0.0.1. The rate
# limits are lifted for the POST run, or every sender after the tenth would
# rightly get 429; e-mail goes to Django's dummy backend.
set -euo pipefail
cd "$(dirname "$0")/.."
database_url=${1:?DATABASE_URL of a seeded database}
seconds=${2:-20}
workers=${3:-4}
port=8765
url="http://127.0.0.1:${port}/oikeudet/inspection/"

export DATABASE_URL="$database_url" DEBUG=0 SECRET_KEY=load-test ALLOWED_HOSTS=127.0.0.1 \
  SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0 STATIC_MANIFEST=0 LOG_LEVEL=WARNING \
  EMAIL_URL=dummymail:// PRIVACY_RATE_LIMIT_PER_IP=100000000 PRIVACY_RATE_LIMIT_PER_EMAIL=100000000
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/gunicorn kanalinhelmi.wsgi --bind "127.0.0.1:${port}" --workers "$workers" --log-level warning &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null' EXIT
for _ in $(seq 1 60); do curl -sf -o /dev/null "http://127.0.0.1:${port}/healthz/" && break; sleep 0.5; done

work=$(mktemp -d)
# A real visitor's CSRF cookie and form token, reused by every POST.
curl -s -c "$work/cookies" -o "$work/form.html" "$url"
token=$(grep -o 'name="csrfmiddlewaretoken" value="[^"]*"' "$work/form.html" | head -1 | sed 's/.*value="//; s/"$//')
cookie=$(awk '$6 == "csrftoken" {print $7}' "$work/cookies")
cat > "$work/post.lua" <<EOF
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "csrftoken=${cookie}"
counter = 0
request = function()
  counter = counter + 1
  local body = "csrfmiddlewaretoken=${token}&first_name=Aino&last_name=Virtanen"
    .. "&email=kuorma" .. math.random(1, 1000000000) .. "-" .. counter .. "%40example.fi"
    .. "&confirm_truthful=on&website="
  return wrk.format(nil, nil, nil, body)
end
EOF

summarise() {
  local name=$1 output=$2
  local rps p99 non2xx errors
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$output")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$output")
  non2xx=$(awk '/Non-2xx or 3xx/ {print $5}' <<<"$output")
  errors=$(awk '/Socket errors/ {gsub(",", ""); print $4 + $6 + $8 + $10}' <<<"$output")
  printf '%-28s %10s req/s   p99 %8s   errors %s\n' "$name" "$rps" "$p99" "$(( ${non2xx:-0} + ${errors:-0} ))"
}

get=$(wrk --latency -t2 -c16 -d"${seconds}s" "$url")
post=$(wrk --latency -t2 -c16 -d"${seconds}s" -s "$work/post.lua" "$url")
echo "gunicorn, ${workers} workers, 16 connections, ${seconds} s each, $(nproc) cores:"
summarise "GET request form" "$get"
summarise "POST request form" "$post"
rm -rf "$work"
