package com.governedactions.connector.http;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HttpConnectorProperties.class)
class HttpConnectorConfiguration {}
