/// What `--help` prints, for the tool and each command.
public enum HelpText {
    public static let version = "0.1.0"
    static let commands = ["report", "validate", "import", "generate"]

    public static func text(for command: String?) -> String {
        switch command {
        case "report": report
        case "validate": validate
        case "generate": generate
        case "import": importing
        default: overview
        }
    }

    static let overview = """
        cophealth \(version): health scorecards for communities of practice, from survey files.

        USAGE
          cophealth report [SURVEY_DIR ...] [--out DIR] [--format text,csv,json,html] [--wave W] [--since W]
          cophealth validate SURVEY_DIR
          cophealth import FILE... --survey SURVEY_DIR [--from PLATFORM] [--wave W] [...]
          cophealth generate SURVEY_DIR [--respondents N] [--waves W1,W2,...] [--seed S] [--out DIR]
          cophealth help [COMMAND] | --help | --version

        COMMANDS
          report     score every survey folder given (default: each under Surveys/) and
                     write its scorecard into Reports/<survey-id>/
          validate   check a survey's definition and responses, and write nothing
          import     turn exports from Google Forms, Microsoft Forms, Qualtrics,
                     SurveyMonkey or LimeSurvey into a survey's responses
          generate   write realistic, reproducible sample responses for a survey

        A survey folder holds survey.json, responses/*.csv and optionally communities.csv.
        Exit status: 0 done, 1 bad input (messages name file, line and column), 2 bad usage.
        Run 'cophealth help COMMAND' for a command's options.
        """

    static let report = """
        USAGE: cophealth report [SURVEY_DIR ...] [--out DIR] [--format text,csv,json,html] [--wave W] [--since W]
                                [--community NAME ...]

        Scores each survey folder given, or every folder under Surveys/ that holds a
        survey.json, and writes into DIR/<survey-id>/ (the set replaced as a whole):
          index.html           every community, linking its page          (html)
          scorecard.txt        the health scorecard, for people           (text)
          scorecard.html       the same with charts, for a browser        (html)
          communities/         a page per community: <name>.txt, .html    (text, html)
          scores.csv           wave × community × dimension scores        (csv)
          items.csv            wave × community × question results       (csv)
          trends.csv           changes since the previous and first wave  (csv)
          comparisons.csv      each community against All and the rest    (csv)
          practices.csv        practices and how they go with each score  (csv)
          practice_shares.csv  who reports which practice                 (csv)
          drivers.csv          key drivers of the outcome question       (csv)
          participation.csv    response rates and NPS per wave            (csv)
          report.json          all of the above, for other tools          (json)
          rejected.csv         rows not used, with file, line and reason  (always)

        OPTIONS
          --out DIR        where reports go (default: Reports)
          --format LIST    comma-separated: text, csv, json, html (default: all)
          --wave W         the wave the scorecard is about (default: the latest)
          --since W        leave out the waves before W
          --ascii          print the scorecard without Unicode marks or sparklines
          --timings        also print how long reading, analysis, rendering took
          --community NAME one community's page only: printed, and the only page
                           written (repeat for more); the other files as usual
          -h, --help       show this help

        Prints the scorecard (or the --community pages), then one line per survey
        on standard error: rows read, used and rejected. Groups under the survey's
        minimumGroupSize are withheld everywhere.
        """

    static let validate = """
        USAGE: cophealth validate SURVEY_DIR

        Checks survey.json, communities.csv and every response file, prints each problem
        as file:line:column, and writes nothing. Exit status 0 when everything can be
        used, 1 when a file or any row has a problem.
        """

    static let importing = """
        USAGE: cophealth import FILE... --survey SURVEY_DIR [OPTIONS]

        Reads survey-platform exports and writes the survey's canonical responses,
        SURVEY_DIR/responses/<wave>.csv, one file per wave (atomically). Columns are
        matched to questions by platform code, question id or question text; answers by
        number, label, common wording or option. Names, e-mails, IP addresses,
        locations and ids are dropped. Anything that cannot be mapped is listed with its
        file, line and column, and nothing is written.

        OPTIONS
          --survey DIR             the survey folder (required)
          --from PLATFORM          auto (default), google-forms, microsoft-forms,
                                   qualtrics, surveymonkey, limesurvey
          --wave W                 the wave of these responses (when the survey does not
                                   take waves from dates)
          --community-column NAME  the export's column naming the community (default:
                                   the survey's groupBy)
          --date-format ORDER      mdy, dmy or ymd, when no date in the file decides
          --delimiter D            ',', ';' or tab (default: detected from the header)
          --dry-run                show what would be written, and write nothing
          --replace                overwrite response files that already exist
          --keep-incomplete        keep unfinished responses (left out by default)
          --keep-previews          keep Qualtrics preview and test responses
        """

    static let generate = """
        USAGE: cophealth generate SURVEY_DIR [--respondents N] [--waves W1,W2,...] [--seed S] [--out DIR]

        Writes realistic sample responses for the survey in SURVEY_DIR, one CSV per wave,
        the same for the same seed. A generator.json in SURVEY_DIR, when present, names the
        communities, their sizes and the effects planted in the data; without it the
        communities and levels are drawn from the seed.

        OPTIONS
          --respondents N  respondents in all, spread over waves and communities
                           (default: the sizes in generator.json, or 200 per wave)
          --waves LIST     wave names (default: generator.json's, or 2025-H1,2025-H2,2026-H1,2026-H2)
          --seed S         random seed (default: 1)
          --out DIR        where the CSV files go (default: SURVEY_DIR/responses)
        """
}
