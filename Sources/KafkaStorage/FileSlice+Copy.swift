import NIOCore

extension FileSlice {
    /// Appends the slice's bytes to `buffer` with pread: the alternative to handing the descriptor
    /// to sendfile, for a response served from memory. Blocking: call it off the event loops.
    /// Fails if the file is shorter than the slice (a slice never outlives the bytes it names).
    public func copy(into buffer: inout ByteBuffer, io: any FileIO = PosixFileIO()) throws(StorageError) {
        var failure: StorageError?
        let position = self.position
        let length = self.length
        let descriptor = fileDescriptor
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: length) { raw in
            do throws(StorageError) {
                let read = try io.pread(descriptor, into: UnsafeMutableRawBufferPointer(rebasing: raw.prefix(length)), at: position)
                if read < length { failure = .corruptMessage("file slice at \(position) ends after \(read) of \(length) bytes") }
                return failure == nil ? read : 0
            } catch {
                failure = error
                return 0
            }
        }
        if let failure { throw failure }
    }
}
