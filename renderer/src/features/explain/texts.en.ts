/**
 * Explanations in English, for a student who has read an HTTPS tutorial.
 * Sentences about the instance ({placeholders}) are filled from the analysis
 * by facts.ts; the rest is about what the message is for.
 */
import type { ExplainCatalog } from './catalog-types';

export const EXPLAIN_EN: ExplainCatalog = {
  kinds: {
    // ---------------------------------------------------------------- TCP
    'tcp.syn': {
      title: 'SYN: "let us connect"',
      purpose:
        'Step 1 of 8. Before any TLS can happen, TCP must connect. The client sends SYN (synchronise) with a random starting sequence number; every byte it sends later is counted from there, so lost or reordered bytes can be detected.',
    },
    'tcp.syn-ack': {
      title: 'SYN-ACK: "agreed"',
      purpose:
        'The server accepts: it acknowledges the client’s SYN and sends its own starting sequence number. Something is listening on this port. The time from SYN to SYN-ACK is one round trip between the capture point and the server.',
    },
    'tcp.ack': {
      title: 'ACK: handshake complete',
      purpose:
        'The client acknowledges the server’s SYN. This completes the three-way handshake: both sides know each other’s sequence numbers and either may now send data. TLS starts with the next packet the client sends.',
    },
    'tcp.data': {
      title: 'TCP data',
      purpose: 'Segments that carry payload bytes. TCP numbers every byte, so the receiver can put them back in order and acknowledge what arrived.',
    },
    'tcp.fin': {
      title: 'FIN: "I am done sending"',
      purpose:
        'Step 8 of 8. A FIN closes one direction: the sender will send no more bytes but can still receive. The connection is fully closed when both sides have sent a FIN and each FIN has been acknowledged.',
    },
    'tcp.fin-ack': {
      title: 'ACK of a FIN',
      purpose: 'The acknowledgement of the peer’s FIN: that direction of the connection is now closed for good.',
    },
    'tcp.rst': {
      title: 'RST: connection aborted',
      purpose: 'A reset ends the connection at once, without the orderly FIN exchange. Anything still in flight is thrown away.',
      causes:
        'Nothing listens on the port (a RST answers the SYN); a firewall or load balancer cutting the connection; an application that closes its socket while unread data is waiting; a client giving up after a TLS error; an idle connection that the other side had already forgotten.',
    },
    'tcp.retransmission': {
      title: 'Retransmission',
      purpose: 'The same bytes sent again. The sender did not get an acknowledgement in time and assumed the segment was lost.',
      causes: 'Packet loss on the path, congestion, a slow or overloaded receiver, or an acknowledgement that was itself lost. A few are normal; many mean a bad network and slow pages.',
    },
    'tcp.out-of-order': {
      title: 'Out of order',
      purpose: 'A segment arrived (at the capture point) before bytes that come earlier in the stream. TCP holds it until the missing bytes arrive.',
      causes: 'The network delivered packets along different paths, or an earlier segment was lost and its retransmission comes later.',
    },
    'tcp.keep-alive': {
      title: 'Keep-alive',
      purpose: 'A probe on an idle connection: "are you still there?" It carries no new data; the peer answers with an acknowledgement.',
      causes: 'A long pause with the connection left open (HTTP keep-alive, a database pool), and an operating system or application that checks idle connections.',
    },
    'tcp.zero-window': {
      title: 'Zero window',
      purpose: 'The receiver says its buffer is full: the sender must stop until the window opens again.',
      causes: 'An application that reads slowly (busy, blocked, or overloaded), or a transfer faster than the receiver can store.',
    },
    'tcp.gap': {
      title: 'Gap: bytes never captured',
      purpose:
        'The peer acknowledged bytes that the capture never saw. They were sent and received, but not recorded, so what they contained is unknown; the analysis of this direction waits for the next recognisable TLS record.',
      causes: 'The capturing machine dropped packets (too busy, small buffer), the capture started in the middle of the connection, or packets took a path the capture did not see.',
    },
    // ---------------------------------------------------------------- handshake
    'hs.hello_request': {
      title: 'HelloRequest',
      purpose: 'TLS 1.2 and older: the server asks the client to start a new handshake (renegotiation) on the existing connection. TLS 1.3 has no renegotiation.',
    },
    'hs.client_hello': {
      title: 'ClientHello',
      purpose:
        'Step 2 of 8. The client opens the TLS handshake and lists everything it can do: the TLS versions, the cipher suites (in order of preference), the key-exchange groups, the signature algorithms, and extensions such as the server name (SNI) and the application protocols (ALPN). It also sends 32 random bytes that go into every key.',
    },
    'hs.server_hello': {
      title: 'ServerHello',
      purpose:
        'Step 2 of 8. The server answers with its choices: one version, one cipher suite, and its own 32 random bytes. From here on both sides know how they will protect the connection.',
    },
    'hs.hello_verify_request': {
      title: 'HelloVerifyRequest',
      purpose: 'DTLS only: the server asks the client to repeat its ClientHello with a cookie, proving the client’s address is real before the server does any work.',
    },
    'hs.new_session_ticket': {
      title: 'NewSessionTicket',
      purpose:
        'The server gives the client a ticket: an encrypted note of this session’s secrets that only the server can read. Next time, the client presents it to skip most of the handshake (resumption).',
    },
    'hs.end_of_early_data': {
      title: 'EndOfEarlyData',
      purpose: 'TLS 1.3: the client marks the end of the "0-RTT" data it sent before the handshake finished.',
    },
    'hs.hello_retry_request': {
      title: 'HelloRetryRequest',
      purpose:
        'TLS 1.3: the server likes the ClientHello but not the key shares in it. It names the group it wants, and the client sends a second ClientHello — costing one extra round trip.',
    },
    'hs.encrypted_extensions': {
      title: 'EncryptedExtensions',
      purpose: 'TLS 1.3: the server’s answers to the client’s extensions (such as ALPN), sent encrypted right after ServerHello.',
    },
    'hs.request_connection_id': { title: 'RequestConnectionId', purpose: 'DTLS 1.3: asks the peer for more connection IDs.' },
    'hs.new_connection_id': { title: 'NewConnectionId', purpose: 'DTLS 1.3: gives the peer new connection IDs to use.' },
    'hs.certificate': {
      title: 'Certificate',
      purpose:
        'Step 3 of 8. The server proves who it is: its certificate (name, public key, validity dates, signed by a certificate authority) followed by the intermediate certificates up to a root the client trusts. The client checks the signatures, the dates and the host name.',
    },
    'hs.server_key_exchange': {
      title: 'ServerKeyExchange',
      purpose:
        'Step 4 of 8. TLS 1.2 with (EC)DHE: the server sends a fresh, one-time public key and signs it with its certificate’s key, so the client knows nobody in the middle substituted their own.',
    },
    'hs.certificate_request': {
      title: 'CertificateRequest',
      purpose: 'The server asks the client for a certificate too (mutual TLS), for example in company networks or for API clients.',
    },
    'hs.server_hello_done': {
      title: 'ServerHelloDone',
      purpose: 'Step 4 of 8. TLS 1.2: "that is all from me for now". The server waits for the client’s key exchange.',
    },
    'hs.certificate_verify': {
      title: 'CertificateVerify',
      purpose: 'A signature over the handshake so far, made with the private key of the certificate just sent: it proves the sender really owns that certificate, not just a copy of it.',
    },
    'hs.client_key_exchange': {
      title: 'ClientKeyExchange',
      purpose: 'Step 4 of 8. TLS 1.2: the client’s part of the key exchange. After it, both sides can compute the same premaster secret and derive the session keys.',
    },
    'hs.client_certificate_request': { title: 'ClientCertificateRequest', purpose: 'A certificate request in a draft protocol; rare in captures.' },
    'hs.finished': {
      title: 'Finished',
      purpose:
        'Step 5 of 8. The first message protected by the new keys: a keyed hash of the whole handshake. Each side checks the other’s, so any tampering with the handshake (for example removing strong cipher suites) is detected.',
    },
    'hs.certificate_url': { title: 'CertificateURL', purpose: 'An old extension: the client sends URLs where its certificates can be fetched instead of the certificates themselves.' },
    'hs.certificate_status': {
      title: 'CertificateStatus (OCSP stapling)',
      purpose:
        'Step 3 of 8. The server attaches a recent, signed statement from its certificate authority that the certificate is not revoked, so the client does not have to ask the authority itself (faster and more private).',
    },
    'hs.supplemental_data': { title: 'SupplementalData', purpose: 'Extra application data exchanged during the handshake (RFC 4680); rarely used.' },
    'hs.key_update': {
      title: 'KeyUpdate',
      purpose: 'TLS 1.3: the sender switches to fresh keys derived from the current ones, limiting how much data is ever protected by one key.',
    },
    'hs.compressed_certificate': {
      title: 'CompressedCertificate',
      purpose: 'The Certificate message, compressed (RFC 8879), to save bytes in the handshake — browsers ask for it.',
    },
    'hs.ekt_key': { title: 'EKTKey', purpose: 'Keys for encrypted key transport in SRTP conferencing; not seen in HTTPS.' },
    'hs.next_protocol': { title: 'NextProtocol', purpose: 'The old NPN extension’s message: the client names the application protocol (replaced by ALPN).' },
    'hs.message_hash': { title: 'MessageHash', purpose: 'TLS 1.3 internal: stands in for the first ClientHello in the transcript after a HelloRetryRequest; never sent on the wire.' },
    'hs.encrypted': {
      title: 'Encrypted handshake',
      purpose:
        'Handshake messages sent after the keys were switched on, so they cannot be read without the keys. In TLS 1.2 this is the Finished message (step 5). In TLS 1.3 the server’s encrypted flight holds EncryptedExtensions, Certificate, CertificateVerify and Finished (steps 3 to 5).',
    },
    'hs.unknown': { title: 'Handshake message', purpose: 'A handshake message type TLS Lens has no name for. It is listed so nothing on the wire is hidden.' },
    // ---------------------------------------------------------------- alerts
    'alert.close_notify': {
      title: 'Alert: close_notify',
      purpose:
        'Step 7 of 8. The polite goodbye: "I will send nothing more on this connection". It lets the receiver tell a complete response from one an attacker cut short, before TCP closes with FIN.',
    },
    'alert.unexpected_message': {
      title: 'Alert: unexpected_message',
      purpose: 'A message arrived that is not allowed at this point of the protocol.',
      causes: 'A bug in one of the TLS implementations, a middlebox that modified the traffic, or a non-TLS protocol talking to a TLS port.',
    },
    'alert.bad_record_mac': {
      title: 'Alert: bad_record_mac',
      purpose: 'A record failed its integrity check: it was changed on the way, or the two sides do not have the same keys.',
      causes: 'Corrupted packets, a middlebox altering bytes, a key derivation bug, or an attack.',
    },
    'alert.decryption_failed': { title: 'Alert: decryption_failed', purpose: 'Obsolete (TLS 1.0): a record could not be decrypted.', causes: 'Replaced by bad_record_mac because the difference helped padding-oracle attacks.' },
    'alert.record_overflow': { title: 'Alert: record_overflow', purpose: 'A record was longer than the protocol allows.', causes: 'A broken implementation, or a max_fragment_length agreement one side ignored.' },
    'alert.decompression_failure': { title: 'Alert: decompression_failure', purpose: 'TLS compression failed (compression is disabled everywhere since the CRIME attack).', causes: 'Old software that still compresses.' },
    'alert.handshake_failure': {
      title: 'Alert: handshake_failure',
      purpose: 'The sender could not agree on a set of security parameters: the handshake ends here.',
      causes:
        'No cipher suite, version or key-exchange group in common (an old client against a modern server, or a server configured to refuse weak suites); a required extension missing (such as SNI); a client certificate the server required but did not get.',
    },
    'alert.no_certificate': { title: 'Alert: no_certificate', purpose: 'SSL 3.0 only: the client has no certificate to send.', causes: 'A server asking for a client certificate from a client without one.' },
    'alert.bad_certificate': {
      title: 'Alert: bad_certificate',
      purpose: 'A certificate was corrupt or its signatures did not verify.',
      causes: 'A broken or tampered chain, a certificate signed with the wrong key, or an interception proxy with a bad certificate.',
    },
    'alert.unsupported_certificate': { title: 'Alert: unsupported_certificate', purpose: 'The certificate is of a type the receiver does not support.', causes: 'An unusual key type (for example DSA) or a certificate meant for other purposes.' },
    'alert.certificate_revoked': { title: 'Alert: certificate_revoked', purpose: 'The certificate was revoked by its issuer.', causes: 'The key leaked or the certificate was issued by mistake; the site must install a new one.' },
    'alert.certificate_expired': {
      title: 'Alert: certificate_expired',
      purpose: 'The certificate is outside its validity dates.',
      causes: 'The site forgot to renew its certificate, or the client’s clock is wrong.',
    },
    'alert.certificate_unknown': {
      title: 'Alert: certificate_unknown',
      purpose: 'The receiver rejects the certificate for another reason.',
      causes: 'A name that does not match, an untrusted issuer, or a user who refused the certificate warning.',
    },
    'alert.illegal_parameter': { title: 'Alert: illegal_parameter', purpose: 'A field in the handshake had a value that is not allowed or contradicts another.', causes: 'An implementation bug, or a server choosing something the client never offered.' },
    'alert.unknown_ca': {
      title: 'Alert: unknown_ca',
      purpose: 'The certificate chain does not lead to a certificate authority the receiver trusts.',
      causes: 'A self-signed or private-CA certificate, a server that forgot to send its intermediate certificate, or an interception proxy whose root is not installed.',
    },
    'alert.access_denied': { title: 'Alert: access_denied', purpose: 'The certificate was fine, but its owner is not allowed in.', causes: 'Access control on the server side, usually with client certificates.' },
    'alert.decode_error': { title: 'Alert: decode_error', purpose: 'A message could not be parsed: a field is out of range or a length is wrong.', causes: 'A buggy implementation, or a middlebox that truncated or modified a message.' },
    'alert.decrypt_error': { title: 'Alert: decrypt_error', purpose: 'A handshake cryptographic check failed: a signature did not verify or the Finished message did not match.', causes: 'A wrong key or certificate, tampering, or a bug.' },
    'alert.too_many_cids_requested': { title: 'Alert: too_many_cids_requested', purpose: 'DTLS 1.3: more connection IDs were requested than allowed.', causes: 'A misbehaving DTLS peer.' },
    'alert.export_restriction': { title: 'Alert: export_restriction', purpose: 'Obsolete: an export-restricted (deliberately weak) parameter was refused.', causes: '1990s export rules; not seen in modern traffic.' },
    'alert.protocol_version': {
      title: 'Alert: protocol_version',
      purpose: 'The peer offered a TLS version the sender will not use.',
      causes: 'A very old client (SSL 3.0, TLS 1.0) against a modern server, or a new client against a server that only speaks old versions.',
    },
    'alert.insufficient_security': {
      title: 'Alert: insufficient_security',
      purpose: 'The parameters offered are too weak for the sender’s policy.',
      causes: 'A client offering only weak cipher suites to a server that requires strong ones.',
    },
    'alert.internal_error': { title: 'Alert: internal_error', purpose: 'Something went wrong inside the sender, unrelated to the peer.', causes: 'Out of memory, a misconfigured server, a crashed module.' },
    'alert.inappropriate_fallback': {
      title: 'Alert: inappropriate_fallback',
      purpose: 'A client retried with a lower version although the server supports a higher one: a sign of a downgrade attack, so the server refuses.',
      causes: 'A network that broke the first attempt, or an attacker forcing a downgrade.',
    },
    'alert.user_canceled': { title: 'Alert: user_canceled', purpose: 'The handshake was cancelled for a reason unrelated to the protocol.', causes: 'A user or application abandoning the connection.' },
    'alert.no_renegotiation': { title: 'Alert: no_renegotiation', purpose: 'A request to renegotiate was refused.', causes: 'Servers that disable renegotiation for security.' },
    'alert.missing_extension': { title: 'Alert: missing_extension', purpose: 'TLS 1.3: a required extension was not sent.', causes: 'An incomplete TLS 1.3 implementation.' },
    'alert.unsupported_extension': { title: 'Alert: unsupported_extension', purpose: 'An extension appeared in a message where it is not allowed, or was never offered.', causes: 'A server answering an extension the client did not send.' },
    'alert.certificate_unobtainable': { title: 'Alert: certificate_unobtainable', purpose: 'A certificate could not be fetched from the URL given (CertificateURL).', causes: 'A broken URL or network.' },
    'alert.unrecognized_name': {
      title: 'Alert: unrecognized_name',
      purpose: 'The server has no site for the name in the SNI extension.',
      causes: 'A typo in the host name, a DNS entry pointing to the wrong server, or a site removed from a shared host.',
    },
    'alert.bad_certificate_status_response': { title: 'Alert: bad_certificate_status_response', purpose: 'The stapled OCSP response was invalid or unacceptable.', causes: 'An out-of-date or wrongly signed OCSP response on the server.' },
    'alert.bad_certificate_hash_value': { title: 'Alert: bad_certificate_hash_value', purpose: 'A certificate fetched by URL did not match its hash.', causes: 'A wrong certificate at the URL.' },
    'alert.unknown_psk_identity': { title: 'Alert: unknown_psk_identity', purpose: 'The pre-shared key identity is not known to the server.', causes: 'An expired ticket or a wrong PSK configuration.' },
    'alert.certificate_required': { title: 'Alert: certificate_required', purpose: 'TLS 1.3: the server requires a client certificate and got none.', causes: 'Mutual TLS without the client certificate installed.' },
    'alert.general_error': { title: 'Alert: general_error', purpose: 'An error the sender does not describe more precisely.', causes: 'Implementation-specific.' },
    'alert.no_application_protocol': { title: 'Alert: no_application_protocol', purpose: 'No application protocol (ALPN) in common, for example the client wants only h2 and the server only http/1.1.', causes: 'Mismatched ALPN configuration.' },
    'alert.ech_required': { title: 'Alert: ech_required', purpose: 'The client expected Encrypted ClientHello to be accepted and it was not.', causes: 'An ECH configuration mismatch.' },
    'alert.unknown': { title: 'Alert', purpose: 'An alert with a description TLS Lens has no name for.', causes: 'A new or private alert code.' },
    'alert.encrypted': {
      title: 'Encrypted alert',
      purpose: 'An alert sent after encryption started: its level and description cannot be read without the keys. Most encrypted alerts at the end of a connection are close_notify.',
    },
    'close_notify.inferred': {
      title: 'close_notify (inferred)',
      purpose:
        'Step 7 of 8. The polite goodbye, "I will send nothing more". This one is encrypted, so TLS Lens infers it from its size and position: it lets the receiver tell a complete response from one an attacker cut short, before TCP closes with FIN.',
    },
    // ---------------------------------------------------------------- other records
    change_cipher_spec: {
      title: 'ChangeCipherSpec',
      purpose: 'Step 5 of 8. TLS 1.2: "from now on, what I send is encrypted with the keys we just agreed". The Finished message follows, already encrypted.',
    },
    application_data: {
      title: 'Application data',
      purpose:
        'Step 6 of 8. The actual content — an HTTP request or response, for example — encrypted with the session keys. Without the keys an eavesdropper only sees how many bytes were sent, in which direction, and when.',
    },
    'application_data.run': {
      title: 'Application data (several)',
      purpose: 'Step 6 of 8. A stretch of encrypted data in both directions, collapsed into one arrow so the handshake stays visible. Expand it to see each part.',
    },
    'tcp_data.plain': {
      title: 'Unencrypted TCP data',
      purpose: 'Payload that is not TLS: anyone on the path can read it.',
    },
    heartbeat: {
      title: 'Heartbeat',
      purpose: 'A keep-alive for TLS (RFC 6520). It is famous for the Heartbleed bug (2014), which leaked server memory; most software has disabled it.',
    },
    sslv2: {
      title: 'SSL 2.0 record',
      purpose: 'The 1995 SSL 2.0 format. It is broken beyond repair and forbidden; some old clients still send their first hello in this format for compatibility.',
    },
    'record.unknown': { title: 'Unknown record', purpose: 'A TLS record of a content type TLS Lens has no name for.' },
  },

  facts: {
    'tcp.open': '{client} asks {server} to open a connection.',
    'tcp.flags': 'Flags {flags}; relative sequence number {seq}; {len} payload bytes.',
    'tcp.synAckRtt': 'Captured {rtt} ms after the SYN: the round trip from the capture point to the server and back.',
    'tcp.ackRtt': 'The client answered {rtt} ms after the SYN-ACK; the whole TCP handshake took {total} ms (Wireshark’s "initial RTT").',
    'tcp.dataOne': '{bytes} bytes in frame {frame}.',
    'tcp.dataRun': '{segments} segments carrying {bytes} bytes, frames {first} to {last}.',
    'tcp.finSide': 'The {side} has finished sending; it can still receive.',
    'tcp.finAckSide': 'The {side} acknowledges the FIN.',
    'tcp.closeKind': 'This connection ended with: {close}.',
    'tcp.rstSide': 'The {side} aborted the connection.',
    'tcp.rstBeforeHandshake': 'The reset came before the TLS handshake finished: the secure session never started.',
    'tcp.retransmissionTotal': 'This connection has {count} retransmissions in all.',
    'tcp.outOfOrderTotal': 'This connection has {count} out-of-order segments in all.',
    'tcp.keepAliveTotal': 'This connection has {count} keep-alives in all.',
    'tcp.zeroWindowTotal': 'This connection hit a zero window {count} times.',
    'tcp.gapMissing': '{missing} bytes from the {side} were never captured.',
    'tcp.gapTotal': 'In all: {gaps} gaps, {bytes} missing bytes on this connection.',
    'tls.frames': '{length} bytes, from frame(s) {frames}.',
    'tls.recordCount': 'The message was split across {count} TLS records.',
    'tls.decrypted': 'Read by decrypting it with the logged session keys.',
    'ch.versions': 'It offers the versions {versions} (supported_versions extension).',
    'ch.legacyVersion': 'Its old-style version field says {version}.',
    'ch.suites': 'It offers {count} cipher suites, best first; its first choice is {first}.',
    'ch.sni': 'It names the site it wants (SNI): {sni}. The name travels unencrypted, so anyone on the path sees which site is visited.',
    'ch.noSni': 'It names no site (no SNI): typical when a client connects by IP address.',
    'ch.alpn': 'It offers the application protocols {alpn} (ALPN).',
    'ch.keyShares': 'It already sends key shares for {groups}: a guess that lets a TLS 1.3 handshake finish in one round trip.',
    'ch.extensions': '{count} extensions: {names}.',
    'ch.sessionId': 'A session id of {bytes} bytes: the client hopes to resume an earlier session (TLS 1.3 keeps the field only for compatibility).',
    'ch.ticket': 'It presents a session ticket of {bytes} bytes, hoping to resume without a full handshake.',
    'ch.psk': 'It offers a pre-shared key: a TLS 1.3 resumption attempt.',
    'ch.random': 'Client random {prefix}… (32 bytes, mixed into every key, so each connection gets fresh keys).',
    'ch.ja4': 'JA4 fingerprint: {ja4} — it identifies the client software by what it offers.',
    'ch.grease': '{count} GREASE values: random-looking entries clients add so that servers keep tolerating unknown values.',
    'sh.chose': 'The server chose {suite} out of the {offered} suites the client offered.',
    'sh.choseNoOffer': 'The server chose {suite}.',
    'sh.kxEcdhe':
      'ECDHE key exchange: each side contributes a fresh key pair and both compute the same secret, so the session key never crosses the wire, unlike RSA key exchange. A recording stays safe even if the server’s private key leaks later (forward secrecy).',
    'sh.kxDhe': 'DHE key exchange (finite-field Diffie–Hellman): as with ECDHE the session key never crosses the wire (forward secrecy), but the numbers are larger and slower.',
    'sh.kxRsa':
      'RSA key exchange: the client will send the secret encrypted with the key in the server’s certificate. Whoever obtains that private key later can decrypt this whole recording — there is no forward secrecy. TLS 1.3 removed this method.',
    'sh.kxTls13': 'TLS 1.3 always uses a one-time (ephemeral) key exchange; here the group is {group}, taken from the key shares in the two hellos.',
    'sh.kxOther': 'Key exchange: {kx}.',
    'sh.version': 'The negotiated version is {version}.',
    'sh.versionBySupportedVersions': 'The version comes from the supported_versions extension: TLS 1.3 leaves "TLS 1.2" in the old field so that old middleboxes are not confused.',
    'sh.alpn': 'The application protocol will be {alpn}.',
    'sh.resumed': 'The server resumed an earlier session ({how}), so no certificate is needed this time.',
    'sh.hrr': 'This is a HelloRetryRequest: the server wants a key share for {group}, so the client must send a second ClientHello — one extra round trip.',
    'sh.random': 'Server random {prefix}… (32 bytes).',
    'cert.chain': '{count} certificates; the first (the server’s own) is for {subject}, issued by {issuer}.',
    'cert.validity': 'It is valid from {from} to {to}.',
    'cert.verdict': 'Checked offline as a browser would have at the capture time: {verdict}. See the Certificates tab.',
    'cert.clientChain': 'The client sent {count} certificate(s): mutual TLS.',
    'cert.empty': 'The list is empty: the sender has no certificate to offer.',
    'ske.curve': 'The server’s one-time public key is on the curve {curve}.',
    'ske.dh': 'The server’s Diffie–Hellman prime has {bits} bits.',
    'ske.signed': 'It is signed with {sig} using the certificate’s key — proof that the key share comes from the certificate’s owner.',
    'cke.rsa': '{length} bytes: the premaster secret, encrypted with the server’s RSA public key.',
    'cke.ecdhe': '{length} bytes: the client’s one-time public key. With the server’s, both sides now compute the same premaster secret without ever sending it.',
    'cke.other': '{length} bytes of key exchange data ({kx}).',
    'certreq.mutual': 'The server asks the client to prove its identity with a certificate (mutual TLS).',
    'cv.sig': 'Signed with {sig}.',
    'fin.verify': '{length} bytes of verify data: a keyed hash of every handshake message so far.',
    'nst.ticket': 'A ticket of {length} bytes, valid for {lifetime} seconds.',
    'ku.requested': 'The sender asks the peer to switch to new keys as well.',
    'cs.ocsp': 'A stapled OCSP response of {length} bytes.',
    'enc.finished12': 'This is the {side}’s Finished message, sent right after its ChangeCipherSpec and already encrypted with the new keys.',
    'enc.flight13': 'In TLS 1.3 everything after ServerHello is encrypted: this flight holds EncryptedExtensions, Certificate, CertificateVerify and Finished — even the certificate is hidden from eavesdroppers.',
    'enc.clientFinished13': 'The client’s Finished message (and its certificate, when one was requested), encrypted.',
    'ccs.tls12': 'From its next record on, the {side} encrypts with the keys just agreed.',
    'ccs.tls13': 'In TLS 1.3 this record changes nothing: it is sent only so that middleboxes that expect TLS 1.2 let the connection through.',
    'alert.level': 'Level: {level}; description: {description} (code {code}).',
    'alert.fatal': 'A fatal alert: the connection ends here.',
    'alert.beforeHandshake': 'Sent {after} ms after the ClientHello, before the handshake finished: no secure session was established.',
    'alert.offered': 'The client offered {count} cipher suites and the versions {versions}; the server accepted none of it.',
    'alert.sideSent': 'Sent by the {side}.',
    'alert.certVerdict': 'TLS Lens’s own offline check of the chain says: {verdict}.',
    'alert.encryptedSize': 'Encrypted ({length} bytes): its description cannot be read without the keys.',
    'close.side': 'The {side} announces it will send nothing more.',
    'close.inferred': 'The record is encrypted, but it is {length} bytes — the size of an encrypted alert — and it is the last record before the {side}’s FIN: almost certainly close_notify.',
    'app.stretch': '{segments} segment(s) with {bytes} bytes from the {side}.',
    'app.approx': 'The byte count is estimated: the same segments also carried handshake messages.',
    'app.cipher': 'Encrypted with {suite}; without the keys only the sizes and the timing are visible.',
    'app.protocol': 'The content is {alpn} (agreed with ALPN).',
    'app.totals': 'In all, the {side} sent {records} application-data records, {bytes} bytes.',
    'app.first': 'The first application data in this direction came {after} ms after the ClientHello.',
    'app.decrypted': 'Decrypted with the logged keys: the content begins as {protocol}.',
    'run.summary': '{count} stretches of data over {duration} ms, shown as one arrow.',
    'run.side': 'From the {side}: {segments} segments, {bytes} bytes.',
    'plain.stretch': '{segments} segment(s) with {bytes} bytes from the {side}.',
    'plain.notTls': 'This connection carries no TLS: the content is readable by anyone on the path.',
    'plain.beforeTls': 'This came before TLS started (for example a STARTTLS exchange, sent in clear).',
    'hb.length': '{length} bytes.',
    'sslv2.old': 'Seeing SSL 2.0 today means very old software, or a client that still wraps its first hello in the old format.',
  },

  words: {
    'side.client': 'client',
    'side.server': 'server',
    'verdict.valid': 'valid',
    'verdict.expired': 'expired',
    'verdict.not-yet-valid': 'not yet valid',
    'verdict.wrong-host': 'issued for another host name',
    'verdict.self-signed': 'self-signed (nobody vouches for it)',
    'verdict.unknown-issuer': 'issued by an unknown authority',
    'verdict.bad-signature': 'a signature does not verify',
    'verdict.incomplete': 'the chain is incomplete',
    'verdict.unparseable': 'a certificate cannot be read',
    'verdict.no-certificates': 'no certificates were sent',
    'resumed.session-id': 'by session id',
    'resumed.ticket': 'by session ticket',
    'resumed.psk': 'by pre-shared key',
    'close.four-way': 'FIN in both directions',
    'close.simultaneous': 'both sides sending FIN at once',
    'close.half-closed': 'only one side sending FIN',
    'close.rst': 'a reset (RST)',
    'close.open': 'nothing yet: still open when the capture ended',
    'level.warning': 'warning',
    'level.fatal': 'fatal',
    'level.unknown': 'unknown',
  },

  versions: {
    'tls12-rsa':
      'TLS 1.2 with RSA key exchange (this connection): ClientHello → ServerHello, Certificate, ServerHelloDone → ClientKeyExchange (the secret, encrypted with the server’s RSA key), ChangeCipherSpec, Finished → ChangeCipherSpec, Finished. Two round trips and no forward secrecy. TLS 1.2 with ECDHE adds a signed ServerKeyExchange and keeps the secret off the wire; TLS 1.3 sends the key shares in the hellos, encrypts everything after ServerHello and needs one round trip.',
    'tls12-ecdhe':
      'TLS 1.2 with ECDHE (this connection): the server signs a one-time key (ServerKeyExchange), the client answers with its own (ClientKeyExchange), and both derive the secret — forward secrecy, two round trips, certificate visible on the wire. With RSA key exchange the client would instead send the secret encrypted with the certificate’s key (no forward secrecy). TLS 1.3 moves the key shares into the hellos: one round trip, and the certificate is encrypted.',
    'tls12-dhe':
      'TLS 1.2 with DHE (this connection): like ECDHE, with classic Diffie–Hellman numbers — forward secrecy, but slower. RSA key exchange would send the secret itself (no forward secrecy); TLS 1.3 sends key shares in the hellos and needs one round trip.',
    tls13:
      'TLS 1.3 (this connection): the key shares travel in ClientHello and ServerHello, so both sides have keys after one round trip; everything after ServerHello — certificate included — is encrypted; ChangeCipherSpec is only a compatibility leftover; RSA key exchange no longer exists. In TLS 1.2 the key exchange needed a second round trip (ServerKeyExchange/ClientKeyExchange) and the certificate travelled in clear.',
  },
};
