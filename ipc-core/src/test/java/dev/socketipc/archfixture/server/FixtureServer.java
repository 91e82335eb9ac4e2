package dev.socketipc.archfixture.server;

import dev.socketipc.archfixture.client.FixtureClient;

import org.springframework.boot.test.system.CapturedOutput;

/**
 * Breaks the rules on purpose, for ArchitectureTest to see them fail: a server class
 * using a client class and a Spring type.
 */
public class FixtureServer {

	FixtureClient client;

	CapturedOutput output;

}
