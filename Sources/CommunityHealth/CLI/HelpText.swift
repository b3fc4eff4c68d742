/// What `--help` prints, for the tool and each command.
public enum HelpText {
    public static let version = "0.1.0"
    static let commands = ["report", "validate", "generate"]

    public static func text(for command: String?) -> String {
        switch command {
        case "report": report
        case "validate": validate
        case "generate": generate
        default: overview
        }
    }

    static let overview = """
        cophealth \(version): health scorecards for communities of practice, from survey files.

        USAGE
          cophealth report [SURVEY_DIR ...] [--out DIR] [--format text,csv,json] [--wave W] [--since W]
          cophealth validate SURVEY_DIR
          cophealth generate SURVEY_DIR [--respondents N] [--waves W1,W2,...] [--seed S] [--out DIR]
          cophealth help [COMMAND] | --help | --version

        COMMANDS
          report     score every survey folder given (default: each under Surveys/) and
                     write its scorecard into Reports/<survey-id>/
          validate   check a survey's definition and responses, and write nothing
          generate   write realistic, reproducible sample responses for a survey

        A survey folder holds survey.json, responses/*.csv and optionally communities.csv.
        Exit status: 0 done, 1 bad input (messages name file, line and column), 2 bad usage.
        Run 'cophealth help COMMAND' for a command's options.
        """

    static let report = """
        USAGE: cophealth report [SURVEY_DIR ...] [--out DIR] [--format text,csv,json] [--wave W] [--since W]

        Scores each survey folder given, or every folder under Surveys/ that holds a
        survey.json, and writes into DIR/<survey-id>/ (each file replaced atomically):
          scorecard.txt        the health scorecard, for people           (text)
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
          --format LIST    comma-separated: text, csv, json (default: all)
          --wave W         the wave the scorecard is about (default: the latest)
          --since W        leave out the waves before W
          --ascii          print the scorecard without Unicode marks or sparklines
          -h, --help       show this help

        Prints the scorecard, then one line per survey on standard error:
        rows read, used and rejected. Groups under the survey's minimumGroupSize are
        withheld everywhere.
        """

    static let validate = """
        USAGE: cophealth validate SURVEY_DIR

        Checks survey.json, communities.csv and every response file, prints each problem
        as file:line:column, and writes nothing. Exit status 0 when everything can be
        used, 1 when a file or any row has a problem.
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
