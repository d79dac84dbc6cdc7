package com.governedactions.api;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * What this module's {@code @WebMvcTest}s start from, as they did from GovernedActionsApplication
 * before it moved to the app module: the same scan of {@code com.governedactions}, of which a
 * web-layer slice keeps only the controller under test and the web infrastructure.
 */
@SpringBootApplication(scanBasePackages = "com.governedactions")
class ApiTestApplication {}
