package com.governedactions.api.policy;

import com.governedactions.action.directory.PrincipalInfo;
import com.governedactions.directory.PrincipalDirectory;
import com.governedactions.policy.ActionCatalog;
import com.governedactions.policy.ActivePolicy;
import com.governedactions.policy.PolicyAdministration;
import com.governedactions.policy.PolicyCompiler;
import com.governedactions.policy.PolicyVersionStore;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * The policy controller over the real policy store in PostgreSQL (GOVERNED_TEST_DB_URL): the web
 * layer, the compiler and the store, no Temporal. Each test starts from an empty version table, so
 * the file policy is version 1.
 */
@Import(PolicyApiTestSupport.Beans.class)
abstract class PolicyApiTestSupport {
  static final String PROBLEMS = "https://governed-actions.dev/problems/";
  static final DataSource DATA_SOURCE = migrated();
  static final JdbcClient JDBC = JdbcClient.create(DATA_SOURCE);

  @Autowired MockMvc mvc;
  @Autowired PolicyAdministration administration;

  @TestConfiguration
  static class Beans {
    @Bean
    PrincipalDirectory principalDirectory() {
      return new PrincipalDirectory(
          Map.of("paul-token", "paul", "petra-token", "petra", "alice-token", "alice", "chat-token", "chat-backend"),
          List.of(
              new PrincipalInfo("paul", true, true, List.of("POLICY_ADMIN")),
              new PrincipalInfo("petra", true, true, List.of("POLICY_ADMIN")),
              new PrincipalInfo("alice", true, true, List.of("SUPERVISOR")),
              new PrincipalInfo("maria", true, true, List.of("MANAGER")),
              new PrincipalInfo("sam", true, true, List.of("AGENT")),
              new PrincipalInfo("chat-backend", true, false, List.of("CHAT_BACKEND"))));
    }

    @Bean
    PolicyVersionStore policyVersionStore() {
      return new PolicyVersionStore(JDBC, new DataSourceTransactionManager(DATA_SOURCE));
    }

    @Bean
    ActionCatalog actionCatalog() {
      return new ActionCatalog();
    }

    @Bean
    PolicyCompiler policyCompiler(ActionCatalog catalog) {
      return new PolicyCompiler(catalog);
    }
  }

  /** Builds the administration as the application does; dual control as the subclass says. */
  static PolicyAdministration administration(
      PolicyCompiler compiler, PolicyVersionStore store, PrincipalDirectory directory, boolean dualControl) {
    return new PolicyAdministration(compiler, store, ActivePolicy.over(store, compiler, null), directory, dualControl);
  }

  @BeforeEach
  void startFromTheFilePolicy() {
    emptyStore();
    administration.active(); // seeds the bundled default as version 1
  }

  @AfterEach
  void emptyStore() {
    JDBC.sql("DELETE FROM governed.policy_version").update();
  }

  static MockHttpServletRequestBuilder put(String token, MediaType type, String document) {
    return MockMvcRequestBuilders.put("/api/v1/policy")
        .header("Authorization", "Bearer " + token)
        .contentType(type)
        .content(document);
  }

  static MockHttpServletRequestBuilder get(String token, String path) {
    return MockMvcRequestBuilders.get(path).header("Authorization", "Bearer " + token);
  }

  static MockHttpServletRequestBuilder post(String token, String path) {
    return MockMvcRequestBuilders.post(path).header("Authorization", "Bearer " + token);
  }

  static final MediaType YAML = MediaType.parseMediaType("application/yaml");

  private static DataSource migrated() {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl(System.getenv().getOrDefault("GOVERNED_TEST_DB_URL", "jdbc:postgresql://localhost:5432/test"));
    dataSource.setUser("postgres");
    Flyway.configure()
        .dataSource(dataSource)
        .schemas("governed")
        .locations("classpath:db/migration")
        .ignoreMigrationPatterns("*:missing")
        .load()
        .migrate();
    return dataSource;
  }
}
