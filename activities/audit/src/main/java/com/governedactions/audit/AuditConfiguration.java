package com.governedactions.audit;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({RedactionProperties.class, IntegrityProperties.class, AuditWriterProperties.class})
class AuditConfiguration {}
