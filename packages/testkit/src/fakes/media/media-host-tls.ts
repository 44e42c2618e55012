// A throwaway, self-signed test certificate (100 years, CN/SAN media.test and cdn.media.test) so the
// media host fake can speak https: a reply's MEDIA: links must be https. It protects nothing.

/** PEM certificate of the media host fake; trust it as the only CA in the fetch under test. */
export const MEDIA_HOST_CERT = `-----BEGIN CERTIFICATE-----
MIIBpTCCAUugAwIBAgIUF9ZSSWRTvA52z8/Xg1+DqvAGOA8wCgYIKoZIzj0EAwIw
FTETMBEGA1UEAwwKbWVkaWEudGVzdDAgFw0yNjEyMDYwNTQ0MDBaGA8yMTI2MTEx
MjA1NDQwMFowFTETMBEGA1UEAwwKbWVkaWEudGVzdDBZMBMGByqGSM49AgEGCCqG
SM49AwEHA0IABOMtqLPKfy7SOFmWy68BbvyvCcr4Nk03cvKQ+jlBMEytpSh98LX8
Zxyoboe0MEC3kvNN8ICVNXQyq7/OAE6sHVGjdzB1MB0GA1UdDgQWBBT0Qa6k0M0U
lMAKinatmzqyYSbGrDAfBgNVHSMEGDAWgBT0Qa6k0M0UlMAKinatmzqyYSbGrDAl
BgNVHREEHjAcggptZWRpYS50ZXN0gg5jZG4ubWVkaWEudGVzdDAMBgNVHRMBAf8E
AjAAMAoGCCqGSM49BAMCA0gAMEUCIG80E6E7iongHkKjfgLtm+0hJbBzTyboeXcp
6JZLulW6AiEA9zzscqTOkl/P6664UgxtD1jPr0OoE8n7gGbkFSYqXaA=
-----END CERTIFICATE-----
`;

/** PEM private key of {@link MEDIA_HOST_CERT} (test-only, published on purpose). */
export const MEDIA_HOST_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg4sPzRRc3K6bB9okT
0QOzBQXIoRSValzVYYZdeW9xmp2hRANCAATjLaizyn8u0jhZlsuvAW78rwnK+DZN
N3LykPo5QTBMraUoffC1/GccqG6HtDBAt5LzTfCAlTV0Mqu/zgBOrB1R
-----END PRIVATE KEY-----
`;
