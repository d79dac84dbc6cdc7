package com.governedactions.connector;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SampleStoreConnectorProperties.class)
class ConnectorConfiguration {}
