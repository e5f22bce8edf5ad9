package io.ceip.agent.delivery;

import java.io.IOException;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;

/**
 * On an {@code https} route, an answer that came without a TLS session is not the endpoint's: HttpClient 5 returns
 * a proxy's answer to {@code CONNECT} other than 200 (a 407, a 403, a 502, even a 202) as the request's final answer,
 * with no tunnel and no TLS. Such an answer is closed and becomes a {@link ProxyRefusedException}, an I/O failure
 * (retried, then kept pending; a 407 not retried now: {@link ProxyCredentialsRefusedException}), so that no proxy, nor anyone on the plain hop to it, can make a report count as
 * delivered or rejected. The session is cleared before each request, so none is taken from an earlier one.
 */
public final class ProxyTunnelCheck implements HttpClientConfigurer {

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.addExecInterceptorFirst("ceip-tunnel-check", ProxyTunnelCheck::proceed);
    }

    static ClassicHttpResponse proceed(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
        HttpClientContext context = scope.clientContext;
        context.setSSLSession(null);
        ClassicHttpResponse response = chain.proceed(request, scope);
        if (scope.route.isSecure() && context.getSSLSession() == null) {
            int status = response.getCode();
            response.close();
            throw ProxyRefusedException.of(status);
        }
        return response;
    }
}
