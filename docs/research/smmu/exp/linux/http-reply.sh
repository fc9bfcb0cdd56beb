#!/bin/sh
# guestfwd target: answer one HTTP request on stdin/stdout
head -c 200 >/dev/null &
printf 'HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 22\r\n\r\nhello from slirp host\n'
sleep 0.2
