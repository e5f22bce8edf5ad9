package io.ceip.collector.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.ceip.collector.answer.RefusedException;
import io.ceip.collector.fleet.EventQueries;
import io.ceip.collector.fleet.FleetQueries;
import io.ceip.collector.fleet.FleetView;

import io.vertx.core.net.SocketAddress;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The fleet view's per-second limit counts a client as every per-address limit does ({@link ClientKey}): an IPv6
 * host by its /64, so changing its address per request does not give it more token tries; and its requests count
 * toward the intake's budget of the same /64 (one guard for both; review s21 collector L1). The guard's clock is held
 * still (in this package for it), so a second that ends mid-test cannot reset the count.
 */
class FleetViewCountsAnIpv6HostByItsPrefixTest {

    private static final String URL = "jdbc:h2:mem:never-asked"; // every request here is refused before a query

    @Test
    void addressesOfOneSlash64ShareOneBudget() throws Exception {
        FleetView fleet = fleet(new FloodGuard(1, () -> 0L));
        List<Integer> answers = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            answers.add(status(fleet, "2001:db8:1:2::" + Integer.toHexString(i)));
        }

        assertThat(answers.get(0)).as("the /64's first request of the second reaches the token check").isEqualTo(401);
        assertThat(answers.subList(1, 20)).as("the others of the same /64 within the second").containsOnly(429);
        assertThat(status(fleet, "2001:db8:1:3::1")).as("another /64 has its own budget").isEqualTo(401);
    }

    @Test
    void theFleetsRequestsCountTowardTheIntakesBudgetOfTheSlash64() throws Exception {
        FloodGuard flood = new FloodGuard(1, () -> 0L);
        FleetView fleet = fleet(flood);
        flood.check(ClientKey.of("2001:db8:1:2::1")); // the intake's check of a report from the /64

        assertThat(status(fleet, "2001:db8:1:2::99")).isEqualTo(429);
    }

    private static FleetView fleet(FloodGuard flood) {
        return new FleetView(new FleetQueries(URL, "sa", "", 30), new EventQueries(URL, "sa", "", 30, 20),
                "the-fleet-token-0123456789", flood, 30, 1000);
    }

    private static int status(FleetView fleet, String host) throws Exception {
        try {
            fleet.page("Bearer not-the-fleet-token", SocketAddress.inetSocketAddress(40000, host));
            return 200;
        } catch (RefusedException e) {
            return e.getStatus();
        }
    }
}
