import DeadboltCore

/// The YAML files of a repository: `deadbolt.yml`, `dataset.yml` and the pin file.
enum ConfigTargets {
    static let config = FuzzTarget("config", "deadbolt.yml, through ConfigParser.parse") { bytes in
        guard let config = try? ConfigParser.parse(FuzzInput.text(bytes)) else { return }
        // What the gate asks of a configuration it accepted must not trap either.
        for gate in config.gates { _ = try? config.gate(named: gate.name) }
        for glob in config.prompts + config.guardrails + config.runAllOn { _ = glob.matches("prompts/a.md") }
    }

    static let dataset = FuzzTarget("dataset", "a dataset.yml, through DatasetParser.parse") { bytes in
        _ = try? DatasetParser.parse(FuzzInput.text(bytes), name: "fuzz", folder: "evals/regression/fuzz")
    }

    static let pins = FuzzTarget("pins", "the dataset pin file, through PinFile.parse") { bytes in
        guard let pins = try? PinFile.parse(FuzzInput.text(bytes)) else { return }
        // A file that parses renders and parses again to the same pins.
        let again = try? PinFile.parse(pins.render())
        precondition(again.map { PinFile.compare(expected: pins, actual: $0).isEmpty } ?? false, "pins round trip")
    }
}
