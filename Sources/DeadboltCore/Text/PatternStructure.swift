/// The characters of a regular expression's source that give it structure: everything outside
/// escapes (`\(`) and character classes (`[(|)]`), with its offset. The checks on a pattern
/// (capture groups, top-level alternation, nested quantifiers) all read it, so they agree on
/// what is literal.
struct PatternStructure: Sequence {
    let characters: [Character]

    init(_ source: String) {
        characters = Array(source)
    }

    /// The character at `offset`, or nil past the end.
    subscript(offset: Int) -> Character? {
        characters.indices.contains(offset) ? characters[offset] : nil
    }

    func makeIterator() -> Iterator {
        Iterator(characters: characters)
    }

    struct Iterator: IteratorProtocol {
        let characters: [Character]
        var index = 0

        mutating func next() -> (offset: Int, character: Character)? {
            while index < characters.count {
                let offset = index
                let character = characters[offset]
                switch character {
                case "\\":
                    index += 2
                case "[":
                    index = Self.end(ofClassAt: offset, in: characters)
                default:
                    index += 1
                    return (offset, character)
                }
            }
            return nil
        }

        /// The offset just past the class that opens at `start`; a `]` first in the class (after
        /// an optional `^`) is a literal, not its end.
        static func end(ofClassAt start: Int, in characters: [Character]) -> Int {
            var index = start + 1
            if index < characters.count, characters[index] == "^" { index += 1 }
            if index < characters.count, characters[index] == "]" { index += 1 }
            while index < characters.count {
                switch characters[index] {
                case "\\": index += 2
                case "]": return index + 1
                default: index += 1
                }
            }
            return index
        }
    }
}
