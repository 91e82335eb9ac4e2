package dev.socketipc.archfixture.transport;

import dev.socketipc.archfixture.protocol.FixtureMessage;

/**
 * Breaks the rules on purpose, for ArchitectureTest to see them fail: a transport class
 * using a protocol message.
 */
public class FixtureTransport {

	FixtureMessage message;

}
