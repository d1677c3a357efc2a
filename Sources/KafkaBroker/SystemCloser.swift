#if canImport(Glibc)
import Glibc
#endif

enum SystemCloser {
    static func close(_ descriptor: CInt) -> CInt {
        #if canImport(Glibc)
        return Glibc.close(descriptor)
        #else
        return -1
        #endif
    }
}
