package io.ceip.collector.fleet;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.ceip.collector.answer.Refusal;
import io.ceip.collector.answer.FirstOfEachSecond;
import io.ceip.collector.answer.RefusedException;
import io.ceip.collector.intake.ClientKey;
import io.ceip.collector.intake.FloodGuard;

import io.vertx.core.net.SocketAddress;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.Header;

/**
 * The fleet view's steps (read only, behind its own token, {@code collector.fleet.token}): the page
 * ({@link FleetPage}) and each figure as JSON: {@code {"figure":..,"values":{"<value>":<installations>,..}}} for the
 * counting ones, but {@code product-versions}: {@code "values":[{"product","version","installations"},..]} (a
 * missing product or version null); {@code feature-use}: {@code "bucket"}, {@code "values":{"<feature>":{"<first day>":<uses>,..}}},
 * {@code "installations":{"<feature>":<n>}}; {@code top-errors}: {@code "values":[{"fingerprint","exception",
 * "count","installations"},..]}; {@code operation-durations}: {@code "combination"} (how the percentiles are
 * combined), {@code "values":[{"operation","runs","installations","p50","p90","p99","worstP99","max"},..]};
 * {@code usage}: {@code "percentiles"} (how they are taken), {@code "values":[{"product","source","key",
 * "installations","sum","p50","p90","max"},..]}; {@code quarantine}: {@code "records"}, {@code "oldest"} (ISO-8601
 * UTC, null when none), {@code "bound"} ({@code collector.store.quarantine-max-records}) and {@code "full"}. The
 * token is given as {@code Authorization: Bearer <token>} or as the password of HTTP Basic (any user name), so a
 * browser can log in; it is compared as a SHA-256 hash in constant time.
 */
public final class FleetView {

    /** The header platform-http puts the client's address in. */
    private static final String REMOTE = "CamelVertxPlatformHttpRemoteAddress";

    private final FleetQueries queries;
    private final EventQueries events;
    private final byte[] tokenHash;
    private final ObjectMapper mapper = new ObjectMapper();
    private final FloodGuard flood;
    private final int queryTimeoutSeconds;
    private final long quarantineBound;
    /** A client without the token needs none to ask again: one line a second. */
    private final FirstOfEachSecond unauthorized = new FirstOfEachSecond();

    /**
     * @param flood the intake's per-address limit, which the fleet's requests count toward too
     * @param queryTimeoutSeconds how long one request's queries may take together
     *        ({@code collector.fleet.query-timeout-seconds}, {@link QueryDeadline}): past it 503
     *        {@code fleet figures took too long, retry later}
     * @param quarantineBound the most records the quarantine holds ({@code collector.store.quarantine-max-records})
     */
    public FleetView(FleetQueries queries, EventQueries events, String token, FloodGuard flood,
            int queryTimeoutSeconds, long quarantineBound) {
        this.quarantineBound = quarantineBound;
        this.queryTimeoutSeconds = queryTimeoutSeconds;
        this.queries = queries;
        this.events = events;
        this.tokenHash = sha256(token);
        this.flood = flood;
    }

    /** The page, for a request with the token. */
    public String page(@Header("Authorization") String authorization, @Header(REMOTE) SocketAddress remote)
            throws RefusedException, SQLException {
        check(authorization, remote);
        QueryDeadline deadline = QueryDeadline.in(queryTimeoutSeconds);
        try {
            Map<Figure, Map<String, Long>> figures = new EnumMap<>(Figure.class);
            for (Figure figure : Figure.values()) {
                if (figure.counting() && figure != Figure.PRODUCT_VERSIONS) {
                    figures.put(figure, queries.figure(figure, deadline));
                }
            }
            return FleetPage.render(figures, queries.productVersions(deadline), events.featureUse(deadline),
                    events.topErrors(deadline), events.operationDurations(deadline), events.usage().usage(deadline),
                    queries.quarantine(deadline), quarantineBound);
        } catch (SQLException e) {
            throw timedOutOr(e);
        }
    }

    /** A query cancelled by the deadline is 503 with a fixed text; any other failure goes on as it is (503). */
    private static RefusedException timedOutOr(SQLException failure) throws SQLException {
        if (QueryDeadline.timedOut(failure)) {
            return new RefusedException(Refusal.FLEET_TIMEOUT);
        }
        throw failure;
    }

    /** One figure ({@code file}: {@code <name>.json}) as JSON, for a request with the token. */
    public String json(@Header("Authorization") String authorization, @Header("figure") String file,
            @Header(REMOTE) SocketAddress remote) throws RefusedException, SQLException {
        check(authorization, remote);
        Figure figure = Figure.ofFile(file).orElseThrow(() -> new RefusedException(Refusal.NO_SUCH_FIGURE));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("figure", figure.figureName());
        try {
            figure(figure, json, QueryDeadline.in(queryTimeoutSeconds));
        } catch (SQLException e) {
            throw timedOutOr(e);
        }
        try {
            return mapper.writeValueAsString(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("figure not written", e);
        }
    }

    /** Puts the figure's values into {@code json}, its queries within {@code deadline}. */
    private void figure(Figure figure, Map<String, Object> json, QueryDeadline deadline) throws SQLException {
        switch (figure) {
            case FEATURE_USE -> {
                EventQueries.FeatureUse use = events.featureUse(deadline);
                json.put("bucket", use.bucket());
                json.put("values", use.uses());
                json.put("installations", use.installations());
            }
            case PRODUCT_VERSIONS -> json.put("values", queries.productVersions(deadline));
            case USAGE -> {
                json.put("percentiles", UsageQueries.PERCENTILES);
                json.put("values", events.usage().usage(deadline));
            }
            case TOP_ERRORS -> json.put("values", events.topErrors(deadline));
            case OPERATION_DURATIONS -> {
                json.put("combination", EventQueries.COMBINATION);
                json.put("values", events.operationDurations(deadline));
            }
            case QUARANTINE -> {
                FleetQueries.QuarantineFigure quarantine = queries.quarantine(deadline);
                json.put("records", quarantine.records());
                json.put("oldest", quarantine.oldest() == null ? null : quarantine.oldest().toString());
                json.put("bound", quarantineBound);
                json.put("full", quarantine.records() >= quarantineBound);
            }
            default -> json.put("values", queries.figure(figure, deadline));
        }
    }

    /**
     * Past the client's per-second limit 429 (a token is guessed, the log flooded, no faster; the client counted as
     * the intake counts it, {@link ClientKey}), then the token.
     */
    private void check(String authorization, SocketAddress remote) throws RefusedException {
        flood.check(ClientKey.of(remote == null ? null : remote.host())); // an IPv6 client by its /64, as the intake
        String token = null;
        if (authorization != null && authorization.length() < 2048) {
            if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                token = authorization.substring(7).trim();
            } else if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
                try {
                    String pair = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                            StandardCharsets.UTF_8);
                    token = pair.indexOf(':') < 0 ? null : pair.substring(pair.indexOf(':') + 1);
                } catch (IllegalArgumentException e) {
                    token = null;
                }
            }
        }
        if (token == null || !MessageDigest.isEqual(tokenHash, sha256(token))) {
            throw unauthorized.refusal(Refusal.FLEET_UNAUTHORIZED);
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
