namespace FleetCtl.Fleet.Tests.Diagnosis;

/// <summary>The failure examples of seed 004 (pfSense "Troubleshooting IPsec Logs"), verbatim, IKEv1.</summary>
internal static class SeedLogs
{
    public const string IdMismatchInitiator = """
        charon: 10[ENC] parsed INFORMATIONAL_V1 request 4216246776 [ HASH N(AUTH_FAILED) ]
        charon: 10[IKE] received AUTHENTICATION_FAILED error notify
        """;

    public const string IdMismatchResponder = """
        charon: 12[CFG] looking for pre-shared key peer configs matching 203.0.113.5...198.51.100.3[someid]
        charon: 12[IKE] no peer config found
        charon: 12[ENC] generating INFORMATIONAL_V1 request 4216246776 [ HASH N(AUTH_FAILED) ]
        """;

    public const string TsMismatchInitiator = """
        charon: 08[CFG] proposing traffic selectors for us:
        charon: 08[CFG] 10.3.0.0/24|/0
        charon: 08[CFG] proposing traffic selectors for other:
        charon: 08[CFG] 10.5.0.0/24|/0
        charon: 08[ENC] generating QUICK_MODE request 316948142 [ HASH SA No ID ID ]
        charon: 08[NET] sending packet: from 198.51.100.3[500] to 203.0.113.5[500] (236 bytes)
        charon: 08[NET] received packet: from 203.0.113.5[500] to 198.51.100.3[500] (76 bytes)
        charon: 08[ENC] parsed INFORMATIONAL_V1 request 460353720 [ HASH N(INVAL_ID) ]
        charon: 08[IKE] received INVALID_ID_INFORMATION error notify
        """;

    public const string TsMismatchResponder = """
        charon: 08[ENC] parsed QUICK_MODE request 2732380262 [ HASH SA No ID ID ]
        charon: 08[CFG] looking for a child config for 10.5.0.0/24|/0 === 10.3.0.0/24|/0
        charon: 08[CFG] proposing traffic selectors for us:
        charon: 08[CFG] 10.5.1.0/24|/0
        charon: 08[CFG] proposing traffic selectors for other:
        charon: 08[CFG] 10.3.0.0/24|/0
        charon: 08[IKE] no matching CHILD_SA config found
        charon: 08[IKE] queueing INFORMATIONAL task
        charon: 08[IKE] activating new tasks
        charon: 08[IKE] activating INFORMATIONAL task
        charon: 08[ENC] generating INFORMATIONAL_V1 request 1136605099 [ HASH N(INVAL_ID) ]
        """;

    public const string NatIdentityResponder = """
        charon: 10[IKE] remote host is behind NAT
        charon: 10[IKE] IDir '192.0.2.10' does not match to '203.0.113.245'
        charon: 10[CFG] looking for pre-shared key peer configs matching 198.51.100.50...203.0.113.245[192.0.2.10]
        """;

    public const string AggressiveInitiator = """
        charon: 15[IKE] initiating Aggressive Mode IKE_SA con2[1] to 203.0.113.5
        charon: 15[IKE] received AUTHENTICATION_FAILED error notify
        charon: 13[ENC] parsed INFORMATIONAL_V1 request 1215317906 [ N(AUTH_FAILED) ]
        charon: 13[IKE] received AUTHENTICATION_FAILED error notify
        """;

    public const string AggressiveResponder = """
        charon: 13[IKE] Aggressive Mode PSK disabled for security reasons
        charon: 13[ENC] generating INFORMATIONAL_V1 request 2940146627 [ N(AUTH_FAILED) ]
        """;

    public const string PskV1Initiator = """
        charon: 09[ENC] invalid HASH_V1 payload length, decryption failed?
        charon: 09[ENC] could not decrypt payloads
        charon: 09[IKE] message parsing failed
        """;

    public const string PskV1Responder = """
        charon: 09[ENC] invalid ID_V1 payload length, decryption failed?
        charon: 09[ENC] could not decrypt payloads
        charon: 09[IKE] message parsing failed
        """;

    public const string NoPropInitiator = """
        charon: 14[ENC] parsed INFORMATIONAL_V1 request 3851683074 [ N(NO_PROP) ]
        charon: 14[IKE] received NO_PROPOSAL_CHOSEN error notify
        """;

    public const string IkeEncryptionResponder = """
        charon: 14[CFG] received proposals: IKE:AES_CBC_128/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_1024
        charon: 14[CFG] configured proposals: IKE:AES_CBC_256/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_1024
        charon: 14[IKE] no proposal found
        charon: 14[ENC] generating INFORMATIONAL_V1 request 3851683074 [ N(NO_PROP) ]
        """;

    public const string IkeHashResponder = """
        charon: 14[CFG] received proposals: IKE:AES_CBC_256/MODP_1024
        charon: 14[CFG] configured proposals: IKE:AES_CBC_256/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_1024
        charon: 14[IKE] no proposal found
        charon: 14[ENC] generating INFORMATIONAL_V1 request 2774552374 [ N(NO_PROP) ]
        """;

    public const string DhResponder = """
        charon: 14[CFG] received proposals: IKE:AES_CBC_256/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_8192
        charon: 14[CFG] configured proposals: IKE:AES_CBC_256/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_1024
        charon: 14[IKE] no proposal found
        charon: 14[ENC] generating INFORMATIONAL_V1 request 316473468 [ N(NO_PROP) ]
        """;

    public const string EspInitiator = """
        charon: 14[CFG] configured proposals: ESP:AES_CBC_128/HMAC_SHA1_96/NO_EXT_SEQ
        charon: 14[ENC] generating QUICK_MODE request 759760112 [ HASH SA No ID ID ]
        charon: 14[NET] sending packet: from 198.51.100.3[500] to 203.0.113.5[500] (188 bytes)
        charon: 14[NET] received packet: from 203.0.113.5[500] to 198.51.100.3[500] (76 bytes)
        charon: 14[ENC] parsed INFORMATIONAL_V1 request 1275272345 [ HASH N(NO_PROP) ]
        charon: 14[IKE] received NO_PROPOSAL_CHOSEN error notify
        """;

    public const string EspResponder = """
        charon: 13[CFG] selecting proposal:
        charon: 13[CFG] no acceptable ENCRYPTION_ALGORITHM found
        charon: 13[CFG] received proposals: ESP:AES_CBC_128/HMAC_SHA1_96/NO_EXT_SEQ
        charon: 13[CFG] configured proposals: ESP:AES_CBC_256/HMAC_SHA1_96/NO_EXT_SEQ
        charon: 13[IKE] no matching proposal found, sending NO_PROPOSAL_CHOSEN
        charon: 13[IKE] queueing INFORMATIONAL task
        charon: 13[IKE] activating new tasks
        charon: 13[IKE] activating INFORMATIONAL task
        charon: 13[ENC] generating INFORMATIONAL_V1 request 1275272345 [ HASH N(NO_PROP) ]
        """;

    public const string PfsResponder = """
        charon: 08[CFG] selecting proposal:
        charon: 08[CFG] no acceptable DIFFIE_HELLMAN_GROUP found
        charon: 08[CFG] received proposals: ESP:AES_CBC_256/HMAC_SHA1_96/MODP_2048/NO_EXT_SEQ
        charon: 08[CFG] configured proposals: ESP:AES_CBC_256/HMAC_SHA1_96/NO_EXT_SEQ
        charon: 08[IKE] no matching proposal found, sending NO_PROPOSAL_CHOSEN
        charon: 08[ENC] generating INFORMATIONAL_V1 request 3861985833 [ HASH N(NO_PROP) ]
        """;
}
