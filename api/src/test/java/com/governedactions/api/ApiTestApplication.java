package com.governedactions.api;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/**
 * What this module's {@code @WebMvcTest}s start from, as they did from GovernedActionsApplication
 * before it moved to the app module: the same scan of {@code com.governedactions}, of which a
 * web-layer slice keeps only the controller under test and the web infrastructure. A slice keeps no
 * {@code @Configuration} but its own, so the service's security chains are imported here: each
 * controller is tested behind the same authentication as in the service.
 */
@Import(SecurityConfiguration.class)
@SpringBootApplication(scanBasePackages = "com.governedactions")
class ApiTestApplication {}
