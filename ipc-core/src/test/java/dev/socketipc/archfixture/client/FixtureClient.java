package dev.socketipc.archfixture.client;

import dev.socketipc.archfixture.server.FixtureServer;

/**
 * Breaks the rules on purpose, for ArchitectureTest to see them fail: a client class
 * using a server class, closing a package cycle with {@link FixtureServer}.
 */
public class FixtureClient {

	FixtureServer server;

}
