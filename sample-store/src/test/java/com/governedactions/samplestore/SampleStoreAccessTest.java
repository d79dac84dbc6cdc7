package com.governedactions.samplestore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.ServletException;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The sample store's refunds and fault hooks act outside governance: it exists only in dev mode (or
 * when asked for), and answers only callers on this machine or those holding its own credential.
 */
class SampleStoreAccessTest {
  private static final String TOKEN = "store-secret-for-tests";

  // ---------------------------------------------------------------- who may call

  @Test
  void given_callerOnAnotherHostWithoutToken_when_refunding_then_403SayingHowToConfigureTheCredential() throws Exception {
    MockHttpServletResponse response = call(filter(TOKEN), "POST", "/sample-store/refunds", "192.0.2.7", null);

    assertThat(response.getStatus()).isEqualTo(403);
    assertThat(response.getContentType()).startsWith("application/problem+json");
    assertThat(response.getContentAsString())
        .contains("GOVERNED_SAMPLE_STORE_TOKEN", "GOVERNED_CONNECTORS_SAMPLE_STORE_TOKEN", "X-Sample-Store-Token");
  }

  @Test
  void given_callerOnAnotherHostWithoutToken_when_armingFaults_then_403() throws Exception {
    assertThat(call(filter(null), "POST", "/sample-store/_faults", "10.1.2.3", null).getStatus()).isEqualTo(403);
    assertThat(call(filter(TOKEN), "DELETE", "/sample-store/_faults", "fd00::9", null).getStatus()).isEqualTo(403);
  }

  @Test
  void given_callerOnAnotherHostWithTheStoreToken_when_refunding_then_passedOn() throws Exception {
    assertThat(passes(filter(TOKEN), "/sample-store/refunds", "192.0.2.7", TOKEN)).isTrue();
  }

  @Test
  void given_wrongToken_when_calling_then_401AndNotPassedOnEvenFromLoopback() throws Exception {
    MockHttpServletResponse fromAfar = call(filter(TOKEN), "POST", "/sample-store/refunds", "192.0.2.7", "guess");
    MockHttpServletResponse local = call(filter(TOKEN), "POST", "/sample-store/refunds", "127.0.0.1", "guess");
    MockHttpServletResponse noneConfigured = call(filter(null), "POST", "/sample-store/refunds", "192.0.2.7", "guess");

    assertThat(fromAfar.getStatus()).isEqualTo(401);
    assertThat(local.getStatus()).isEqualTo(401);
    assertThat(noneConfigured.getStatus()).isEqualTo(401);
  }

  @Test
  void given_loopbackCallerWithoutToken_when_calling_then_passedOn() throws Exception {
    assertThat(passes(filter(null), "/sample-store/refunds", "127.0.0.1", null)).isTrue();
    assertThat(passes(filter(TOKEN), "/sample-store/orders/A-1001", "0:0:0:0:0:0:0:1", null)).isTrue();
  }

  @Test
  void given_pathOutsideTheStore_when_calledFromAfar_then_notJudgedHere() throws Exception {
    assertThat(passes(filter(TOKEN), "/api/v1/actions", "192.0.2.7", null)).isTrue();
    assertThat(passes(filter(TOKEN), "/sample-storefront", "192.0.2.7", null)).isTrue();
  }

  // ---------------------------------------------------------------- whether it exists

  @Test
  void given_notDevMode_when_starting_then_noSampleStore() {
    runner().withPropertyValues("governed.temporal.target=temporal:7233")
        .run(context -> assertThat(context).doesNotHaveBean(SampleStoreAccessFilter.class));
    runner().withPropertyValues("governed.dev-mode=false")
        .run(context -> assertThat(context).doesNotHaveBean(SampleStoreAccessFilter.class));
  }

  @Test
  void given_devMode_when_starting_then_theSampleStoreIsThere() {
    runner().withPropertyValues("governed.dev-mode=true", "governed.temporal.target=temporal:7233")
        .run(context -> assertThat(context).hasSingleBean(SampleStoreAccessFilter.class));
    runner().run(context -> assertThat(context).as("the embedded fallback is dev mode")
        .hasSingleBean(SampleStoreAccessFilter.class));
  }

  @Test
  void given_explicitSetting_when_starting_then_itWinsOverDevMode() {
    runner().withPropertyValues("governed.temporal.target=temporal:7233", "governed.sample-store.enabled=true")
        .run(context -> assertThat(context).hasSingleBean(SampleStoreAccessFilter.class));
    runner().withPropertyValues("governed.dev-mode=true", "governed.sample-store.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(SampleStoreAccessFilter.class));
  }

  /** No @Configuration here: SampleStoreTestSupport component-scans this package. */
  private static ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withBean(ObjectMapper.class, ObjectMapper::new)
        .withUserConfiguration(SampleStoreAccessFilter.class);
  }

  private static SampleStoreAccessFilter filter(String token) {
    return new SampleStoreAccessFilter(token, new ObjectMapper());
  }

  private static boolean passes(SampleStoreAccessFilter filter, String path, String remote, String token)
      throws ServletException, IOException {
    MockFilterChain chain = new MockFilterChain();
    filter.doFilter(request("POST", path, remote, token), new MockHttpServletResponse(), chain);
    return chain.getRequest() != null;
  }

  private static MockHttpServletResponse call(
      SampleStoreAccessFilter filter, String method, String path, String remote, String token)
      throws ServletException, IOException {
    MockHttpServletResponse response = new MockHttpServletResponse();
    MockFilterChain chain = new MockFilterChain();
    filter.doFilter(request(method, path, remote, token), response, chain);
    if (response.getStatus() >= 400) {
      assertThat(chain.getRequest()).as("a refused call goes no further").isNull();
    }
    return response;
  }

  private static MockHttpServletRequest request(String method, String path, String remote, String token) {
    MockHttpServletRequest request = new MockHttpServletRequest(method, path);
    request.setRemoteAddr(remote);
    if (token != null) {
      request.addHeader(SampleStoreAccessFilter.TOKEN_HEADER, token);
    }
    return request;
  }
}
