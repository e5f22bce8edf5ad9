package io.ceip.collector.intake;

import java.net.Inet6Address;
import java.net.InetAddress;

import io.netty.util.NetUtil;

/**
 * What the per-address limits count a client by ({@code collector.intake.max-requests-per-second},
 * {@code max-requests-in-progress-per-address}, {@code max-connections-per-address}): an IPv4 address as it is, an
 * IPv6 address by its /64 prefix (a single host on IPv6 is usually given a whole /64, 2^64 addresses: counted by the
 * full address it would escape every per-address limit); an IPv4-mapped IPv6 address as its IPv4 address. The fleet
 * view's per-second limit counts by it too.
 */
public final class ClientKey {

    private ClientKey() {
    }

    /** The key of {@code address}: {@code 192.0.2.7}, or {@code 2001:db8:1:2::/64}. */
    static String of(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] bytes = address.getAddress();
            StringBuilder key = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                key.append(Integer.toHexString((bytes[i] & 0xff) << 8 | bytes[i + 1] & 0xff)).append(':');
            }
            return key.append(":/64").toString();
        }
        return address.getHostAddress();
    }

    /**
     * The key of {@code host}, an address as a numeric literal (what the server reports of a client); {@code host}
     * itself when it is not one (nothing is looked up: Netty's literal parser, no resolver).
     */
    public static String of(String host) {
        InetAddress address = host == null ? null : NetUtil.createInetAddressFromIpAddressString(host);
        return address == null ? host : of(address);
    }
}
