import Testing
import Workbench

@Suite("Which database, and why")
struct DatabaseLocationTests {
    let configured = ConfiguredDatabase(path: "/srv/desk/cases.sqlite", writtenAt: "/etc/casebench/config.toml:3")
    let environment = ["HOME": "/home/ada", "CASEBENCH_DB": "/tmp/env.sqlite"]

    @Test("--db, then $CASEBENCH_DB, then the config file's line, then the data directory; each says which")
    func order() {
        #expect(
            DatabaseLocation.choose(explicit: "/x/y.sqlite", environment: environment, configured: configured)
                == DatabaseChoice(path: "/x/y.sqlite", source: .option))
        #expect(
            DatabaseLocation.choose(explicit: nil, environment: environment, configured: configured)
                == DatabaseChoice(path: "/tmp/env.sqlite", source: .environment))
        #expect(
            DatabaseLocation.choose(explicit: "", environment: ["HOME": "/home/ada"], configured: configured)
                == DatabaseChoice(path: "/srv/desk/cases.sqlite", source: .configFile("/etc/casebench/config.toml:3")))
        #expect(
            DatabaseLocation.choose(explicit: nil, environment: ["HOME": "/home/ada", "CASEBENCH_DB": ""])
                == DatabaseChoice(path: "/home/ada/.local/share/casebench/casebench.sqlite", source: .defaultPlace))
        #expect(
            DatabaseLocation.choose(explicit: nil, environment: ["XDG_DATA_HOME": "/data", "HOME": "/home/ada"]).path
                == "/data/casebench/casebench.sqlite")
    }

    @Test("The sources in words, as doctor prints them")
    func words() {
        #expect(DatabaseSource.option.description == "from --db")
        #expect(DatabaseSource.environment.description == "from $CASEBENCH_DB")
        #expect(
            DatabaseSource.configFile("/etc/casebench/config.toml:3").description == "from /etc/casebench/config.toml:3"
        )
        #expect(DatabaseSource.defaultPlace.description == "the default")
    }
}
