package com.governedactions.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.governedactions.directory.PrincipalDirectory;
import jakarta.servlet.DispatcherType;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.web.cors.CorsUtils;

/**
 * The one security configuration of the service, three chains tried in order:
 *
 * <ol>
 *   <li>{@code /api/**}: a bearer token on every request ({@link BearerAuthFilter}), stateless, no
 *       CSRF (no cookie authenticates it), refusals as problem+json;
 *   <li>the web console ({@code /}, {@code /console/**}, {@code /login}, {@code /logout}, the
 *       webjars): form sign-in by the directory's people, a session with an idle timeout
 *       ({@code server.servlet.session.timeout}), CSRF on every state change, sign-out, and a
 *       Content-Security-Policy that runs only the service's own script files;
 *   <li>everything else (the sample store, actuator, OpenAPI): as open as before, each guards
 *       itself.
 * </ol>
 *
 * <p>Only in a servlet application: the worker alone ({@code WorkerApplication}) serves no HTTP and
 * has no MVC for the chains' request matchers.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = Type.SERVLET)
@EnableWebSecurity
public class SecurityConfiguration {
  /** No inline script or style, nothing from another origin: an injected tag can run nothing. */
  public static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self';"
          + " object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  @Bean
  @Order(1)
  SecurityFilterChain apiChain(
      HttpSecurity http,
      PrincipalDirectory directory,
      ObjectMapper objectMapper,
      ObjectProvider<TokenlessAccess> tokenless)
      throws Exception {
    ProblemWriter problems = new ProblemWriter(objectMapper);
    return http.securityMatcher(ApiPaths::isApi)
        .csrf(AbstractHttpConfigurer::disable)
        .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .requestCache(AbstractHttpConfigurer::disable)
        .formLogin(AbstractHttpConfigurer::disable)
        .httpBasic(AbstractHttpConfigurer::disable)
        .logout(AbstractHttpConfigurer::disable)
        .anonymous(AbstractHttpConfigurer::disable)
        // The API's answers carry the headers they always did: no cache or framing rewrites.
        .headers(AbstractHttpConfigurer::disable)
        .addFilterBefore(new BearerAuthFilter(directory, objectMapper, tokenless), AuthorizationFilter.class)
        .authorizeHttpRequests(requests -> requests
            // Slack signs its callbacks; a CORS preflight carries no credentials by design.
            .requestMatchers(ApiPaths::isSlackSigned).permitAll()
            .requestMatchers(CorsUtils::isPreFlightRequest).permitAll()
            .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
            .anyRequest().authenticated())
        // The bearer filter answers every request without a valid token; this is the backstop.
        .exceptionHandling(errors -> errors.authenticationEntryPoint((request, response, e) -> {
          response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"governed-actions\"");
          problems.write(request, response, new ApiProblem(HttpStatus.UNAUTHORIZED, "unauthorized",
              "Authentication required", "Send the header 'Authorization: Bearer <token>'."));
        }))
        .build();
  }

  @Bean
  @Order(2)
  SecurityFilterChain consoleChain(HttpSecurity http, UserDetailsService consoleUsers) throws Exception {
    return http.securityMatcher("/", "/console/**", "/login", "/logout", "/webjars/**")
        .userDetailsService(consoleUsers)
        .authorizeHttpRequests(requests -> requests
            .requestMatchers("/login", "/console/static/**", "/webjars/**").permitAll()
            .anyRequest().authenticated())
        .formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/", false).permitAll())
        .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?signedOut")
            .deleteCookies("JSESSIONID"))
        .headers(headers -> headers
            .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
            .frameOptions(frame -> frame.deny())
            .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN)))
        .build();
  }

  @Bean
  @Order(3)
  SecurityFilterChain everythingElse(HttpSecurity http) throws Exception {
    return http.securityMatcher(request -> true)
        .csrf(AbstractHttpConfigurer::disable)
        .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .requestCache(AbstractHttpConfigurer::disable)
        .formLogin(AbstractHttpConfigurer::disable)
        .httpBasic(AbstractHttpConfigurer::disable)
        .logout(AbstractHttpConfigurer::disable)
        .headers(AbstractHttpConfigurer::disable)
        .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
        .build();
  }

  /**
   * Spring Security's firewall, except for header values: a folded or tabbed Authorization header is
   * the bearer filter's 400 naming the fault, and no other header was ever judged by the service.
   */
  @Bean
  HttpFirewall httpFirewall() {
    StrictHttpFirewall firewall = new StrictHttpFirewall();
    firewall.setAllowedHeaderValues(value -> true);
    return firewall;
  }

  /** A request the firewall refuses is a 400 problem like every other refusal, not an empty body. */
  @Bean
  RequestRejectedHandler requestRejectedHandler(ObjectMapper objectMapper) {
    ProblemWriter problems = new ProblemWriter(objectMapper);
    return (request, response, rejected) -> problems.write(request, response, new ApiProblem(HttpStatus.BAD_REQUEST,
        "bad-request", "Bad Request", "The request's path or headers cannot be read safely (an encoded '/', '.',"
            + " '%' or ';', a '//' or a control character). Percent-encode every id in a path or query once,"
            + " and send each header on one line."));
  }

  /** Hashes carry their encoder's id ({@code {bcrypt}...}), so a stronger one can come later. */
  @Bean
  PasswordEncoder passwordEncoder() {
    return PasswordEncoderFactories.createDelegatingPasswordEncoder();
  }

  @Bean
  UserDetailsService consoleUsers(PrincipalDirectory directory, PasswordEncoder passwordEncoder) {
    return new ConsoleUsers(directory, passwordEncoder);
  }
}
