#!/bin/sh
# minimal udhcpc hook: configure the interface and a default route
case "$1" in
bound|renew)
	ifconfig "$interface" "$ip" netmask "${subnet:-255.255.255.0}" up
	[ -n "$router" ] && route add default gw "${router%% *}" dev "$interface" 2>/dev/null
	echo "udhcpc: $interface ip=$ip mask=$subnet router=$router dns=$dns lease=$lease server=$serverid"
	;;
deconfig) ifconfig "$interface" 0.0.0.0 up ;;
esac
exit 0
