"""The demo question bank (CONTENT.md §4 and §4b): one pool of its own per module that ends with a knowledge check,
six or more questions each, drawn four at a time.

`mc(title, text, right, *wrong)` is a multiple-choice question: `right` and each of `wrong` are (option, feedback)
pairs; the loader places the right option at a different position in each question (learners see the options
shuffled anyway). `tf(title, statement, answer, if_wrong, if_right)` is a true/false question with the feedback
for a wrong and a right answer. Titles are for trainers (the bank, item analysis); learners never see them.
Everything here is fictional: Tarnwick Transit, its people, places and handles.
"""


def mc(title: str, text: str, right: tuple[str, str], *wrong: tuple[str, str]) -> dict:
    return {"type": "multichoice", "title": title, "text": text, "right": right, "wrong": list(wrong)}


def tf(title: str, statement: str, answer: bool, if_wrong: str, if_right: str) -> dict:
    return {
        "type": "truefalse",
        "title": title,
        "text": statement,
        "answer": answer,
        "if_wrong": if_wrong,
        "if_right": if_right,
    }


POOLS = {
    # --- Social media literacy for leaders ---------------------------------------------------------------------
    "A1": [
        mc(
            "What social media is",
            "Which description of social media fits a company best?",
            (
                "Channels where many functions talk with and listen to customers",
                "Right. Service, product, HR, PR and operations all meet customers there.",
            ),
            (
                "A campaign channel that marketing uses to launch offers and grow reach",
                "Campaigns are one use; most conversations are about service, jobs and products.",
            ),
            (
                "A place to publish press releases and news for journalists",
                "Publishing without listening misses half the value: people answer back.",
            ),
            (
                "Mainly a hiring tool for candidates who skip job boards",
                "Hiring is one use among several, and only one team's.",
            ),
        ),
        mc(
            "Who owns the channels",
            "A director asks which department should own social media. Which answer fits best?",
            (
                "Asking that is like asking who owns email: every team uses it",
                "Right. Each function meets customers there, so each needs the skill, with shared house rules.",
            ),
            (
                "Marketing, because it already runs the brand and the campaign calendar",
                "Marketing has a part, but service, HR and operations questions would wait on one team.",
            ),
            (
                "IT, because the accounts, passwords and tools sit with them",
                "IT can look after access, but it can't answer a refund or a timetable question.",
            ),
            (
                "Legal, so that every public word is checked for risk before it goes out",
                "Checking every reply makes answers slow, and slow answers create their own risk.",
            ),
        ),
        mc(
            "Broadcast or conversation",
            "The company account posts three offers a day and never replies. What is the main problem?",
            (
                "It only broadcasts, so questions from passengers go unanswered",
                "Right. A feed that only broadcasts feels like a wall; replies make it a conversation.",
            ),
            (
                "Three posts a day is too few to keep up with rival operators",
                "More posts don't help when nobody answers the people who write back.",
            ),
            (
                "Offers should only go out at weekends, when people plan their leisure trips",
                "Timing matters less than the missing half: listening and replying.",
            ),
            (
                "The posts should carry more images and hashtags to reach people",
                "Reach is not the issue. People are already talking to the account and hear nothing back.",
            ),
        ),
        mc(
            "What a company controls",
            "People post about Tarnwick every day, whether or not it joins in. What can the company control?",
            (
                "How well it takes part: how useful, quick and human its replies are",
                "Right. You can't control what is said, only how useful and human your part is.",
            ),
            (
                "What people say, by reporting posts it doesn't agree with",
                "Reporting posts you dislike looks like silencing critics and draws more attention.",
            ),
            (
                "Where people talk, by asking them to use the official feedback form instead",
                "People choose their channels; pushing them elsewhere sounds like not listening.",
            ),
            (
                "Very little, so it is safer to stay off the channels until there is a crisis",
                "Staying away leaves the conversation to others, and a crisis is the worst time to start.",
            ),
        ),
        mc(
            "A simple question in public",
            "Nadia asks the company account whether the 07:55 from Hollin is running. Why does a 30-second reply matter?",
            (
                "One public answer helps her and everyone else asking the same thing",
                "Right. One public answer serves every onlooker with the same question.",
            ),
            (
                "It lifts the account's reply rate, which the quarterly report tracks",
                "A number may move, but the real value is the people who get their answer.",
            ),
            (
                "It stops her from complaining later about the blank station board",
                "She isn't complaining; she needs one fact before she leaves home.",
            ),
            (
                "It shows the company can answer fast, so she will follow the account for offers",
                "Following for offers is a side effect; the point is being useful when it counts.",
            ),
        ),
        mc(
            "Where functions meet customers",
            "Which team already meets customers on social channels?",
            (
                "All of them: service, product, HR, PR and operations each get questions there",
                "Right. Questions about refunds, the app, jobs, news and delays all arrive there.",
            ),
            (
                "Only customer service, because complaints go to the service inbox",
                "Complaints are one part. Candidates, app users and neighbours post there too.",
            ),
            (
                "Brand and communications, who approve the posts on the main account",
                "Comms post on the main account, but customers raise every kind of topic.",
            ),
            (
                "Operations, but only on days when something on the network breaks",
                "Disruption days matter most, yet every team is asked things on ordinary days too.",
            ),
        ),
    ],
    "A2": [
        tf(
            "Leaders practise first",
            "Leaders can set good social media policy without ever using social channels.",
            False,
            "Not quite. Judgement comes from using the channels yourself: follow, read, reply.",
            "Right. Short sessions with practice in between build that judgement quickly.",
        ),
        mc(
            "Two views that mislead leaders",
            "Leaders who have never used the channels often see them in one of two ways. Which two?",
            (
                "As a toy to ignore, or as a threat to lock down",
                "Right. Both views come from distance, and both lead to poor decisions.",
            ),
            (
                "As too costly to run, or as too technical for senior staff to learn",
                "Cost and skill come up, but the usual traps are dismissing it or locking it down.",
            ),
            (
                "As a job for younger staff, or as a task to hand to an outside agency",
                "Those are common choices, but they follow from seeing social as a toy or a threat.",
            ),
            (
                "As a sales channel, or as a press office",
                "Both are narrow uses; the deeper mistake is treating it as a toy or a danger.",
            ),
        ),
        mc(
            "How leaders learn best",
            "Which plan builds leaders' judgement of social media best?",
            (
                "Short sessions with practice in a private sandbox between them",
                "Right. Practice where mistakes cost nothing, spread over time, is what sticks.",
            ),
            (
                "One full-day briefing with slides on every platform and its latest features",
                "Much is heard and little is kept, because nobody practises between sessions.",
            ),
            (
                "A monthly report from marketing on follower numbers and trends",
                "Reading numbers about the channels is not the same as using them.",
            ),
            (
                "A written policy for leaders to read and sign",
                "A policy without practice leaves leaders judging something they have never done.",
            ),
        ),
        mc(
            "Who teaches leaders",
            "Who often teaches leaders better than an internal team can?",
            (
                "A respected peer from outside the company",
                "Right. Leaders listen to someone who has faced the same decisions elsewhere.",
            ),
            (
                "The youngest members of staff, since they grew up with the platforms",
                "Age says nothing about skill, and leaders need a peer who knows their choices.",
            ),
            (
                "The social media agency that already runs the company's campaigns",
                "An agency has its own interest in the answer, and leaders can tell.",
            ),
            (
                "The legal team, who know the risks",
                "Risk is one angle; leaders also need to see the value from someone who has used it.",
            ),
        ),
        mc(
            "When to decide who speaks",
            "When should leaders decide who speaks for the company, where and how?",
            (
                "After they have used the channels themselves enough to judge them",
                "Right. Decide after hands-on experience, not before it.",
            ),
            (
                "Before anyone posts, so that a policy is in place on the first day",
                "Rules written before anyone has used the channels tend to miss how they work.",
            ),
            (
                "Once a crisis shows what is needed, so the rules fit a real case",
                "Waiting for a crisis means deciding under pressure, the worst time to learn.",
            ),
            (
                "As soon as the agency sends its proposal and a price",
                "Leaders who haven't used the channels can't judge a proposal yet.",
            ),
        ),
        mc(
            "A leader's first week",
            "A chief executive wants to start learning this week. Which first step fits best?",
            (
                "Follow a few customer and local accounts and read the replies",
                "Right. Following and reading come first; replying follows once it feels familiar.",
            ),
            (
                "Post a welcome message from the main account to announce the new programme",
                "Posting before listening risks a message that misses what people are talking about.",
            ),
            (
                "Ask comms for a summary of last year's campaign results and reach",
                "A summary keeps the channels at arm's length; judgement comes from using them.",
            ),
            (
                "Set up a personal account and reply to every critic of the company",
                "Jumping into arguments is a risky first step; start by reading and following.",
            ),
        ),
    ],
    "A3": [
        mc(
            "Team setup",
            "Which setup keeps company conversations credible and lively?",
            (
                "Small cross-functional groups that pair subject experts with communicators",
                "Right. Experts bring substance and communicators bring clarity.",
            ),
            (
                "Marketing alone, with targets for followers and likes each month",
                "Targets on followers tend to drain real conversation.",
            ),
            (
                "An agency speaking for every team, briefed by each department",
                "Outsiders lack the know-how of your own experts.",
            ),
            (
                "A large task force that writes the whole policy before anyone posts",
                "Large groups tend to circle; small groups with one aim move faster.",
            ),
        ),
        mc(
            "Volunteers and readiness",
            "Three people volunteer to run the company's community group. What should the company bear in mind?",
            (
                "Wanting the job is not the same as being ready for it",
                "Right. Volunteers need training, time and a partner who knows the subject.",
            ),
            (
                "Volunteers are keener than anyone assigned, so they need no support",
                "Keenness fades without time, training and backing.",
            ),
            (
                "Only people from the comms team should be allowed to volunteer",
                "Subject experts from any team can host well when paired with a communicator.",
            ),
            (
                "Volunteers should work from a script, so the company voice stays safe",
                "Scripts make posts sound robotic; training and house rules work better.",
            ),
        ),
        mc(
            "The right voice",
            "What voice should staff use when they post for the company?",
            (
                "Warm and human, yet professional: friendly, calm and clear",
                "Right. Think of a good station supervisor: friendly, calm and clear.",
            ),
            (
                "Relaxed and jokey, the way you talk with friends, so it feels real",
                "Warm is not casual: in-jokes, sarcasm and slang can be misread.",
            ),
            (
                "Formal and careful, in the style of a press release, to avoid mistakes",
                "Press-release language feels distant, and people stop reading.",
            ),
            (
                "Neutral and brief, in fixed templates approved by legal",
                "Templates sound automated; people want a person, within house rules.",
            ),
        ),
        mc(
            "Who hosts best",
            "Which groups attract the most genuine conversation?",
            (
                "Groups hosted by staff who know the subject and answer questions",
                "Right. Expert hosts answer real questions, so people keep coming back.",
            ),
            (
                "Groups run by marketing to reach a monthly membership target",
                "Groups run for a number tend to feel like adverts, and conversation dries up.",
            ),
            (
                "Groups with strict rules that remove any post that criticises the company",
                "Removing criticism drives people away and makes the complaint a story.",
            ),
            (
                "Groups run by an agency that posts several times a day",
                "Frequent posting is not hosting; members want answers from someone who knows.",
            ),
        ),
        mc(
            "Where the budget does most good",
            "A budget could pay for software that blocks staff from social sites, or for an outside team to post. What does more good?",
            (
                "Training your own experts and giving communicators time to coach them",
                "Right. Skills built in-house stay when a contract ends.",
            ),
            (
                "The blocking software, because it keeps staff focused on their main work",
                "Blocking stops staff from learning the channels their customers use.",
            ),
            (
                "The outside team, because they post more often than staff ever could",
                "Outsiders can post, but they lack your experts' knowledge and leave when paid to.",
            ),
            (
                "Both, so that nobody inside posts and the outside team speaks for all",
                "That shuts out the people customers most want to hear from.",
            ),
        ),
        mc(
            "Pairing experts and communicators",
            "What does pairing a subject expert with a communicator avoid?",
            (
                "Both fluff and jargon, since each partner covers the other's blind spot",
                "Right. The expert keeps it accurate and the communicator keeps it clear.",
            ),
            (
                "The need for any house rules or training, since two people check each post",
                "Pairs still need house rules and training; the pairing makes posts better, not rule-free.",
            ),
            (
                "Complaints, since customers trust experts and stop raising problems in public",
                "Complaints still come; the pair helps answer them well.",
            ),
            (
                "Extra cost, since experts can post in their spare time",
                "Pairs need protected time, not spare time; the gain is quality.",
            ),
        ),
    ],
    "A5": [
        mc(
            "Measuring return",
            "The goal is fewer repeat calls about refunds. Which measure best shows return?",
            (
                "Calls on that topic against a baseline, alongside staff hours spent",
                "Right. Return compares what goes in with a result tied to the objective.",
            ),
            (
                "The number of followers on the main account, compared with last year",
                "Followers are a signal, not a return.",
            ),
            (
                "Posts per week about refunds, counted across every company account",
                "That counts activity, not results.",
            ),
            (
                "Likes and shares on the pinned refund how-to post",
                "Likes say nothing about calls avoided.",
            ),
        ),
        mc(
            "Signals and returns",
            "A dashboard shows followers up 40% after a prize draw. What is that number?",
            (
                "A signal, not a return",
                "Right. It may mean reach, but it answers no business question on its own.",
            ),
            (
                "A return, since a bigger audience means more tickets sold over time",
                "Maybe, but nothing here shows tickets sold; compare results with a baseline.",
            ),
            (
                "A reason to run a prize draw every month to keep the numbers growing",
                "Prize draws buy followers who came for the prize, not for the service.",
            ),
            (
                "Proof the social team is doing well and needs no further targets",
                "The number says nothing about calls, hires or problems found earlier.",
            ),
        ),
        mc(
            "Working out a return",
            "Social answers stop 300 repeat calls a month, and each call costs £4. What else do you need to show return?",
            (
                "The staff hours and tools the social work takes",
                "Right. Return compares what goes in with the result: £1,200 saved against the cost.",
            ),
            (
                "The number of likes on the answers, to show customers valued them",
                "Likes don't change the sum; you need the cost side to compare.",
            ),
            (
                "A survey of how many customers saw the answers before calling anyway",
                "Useful insight, but return still needs the hours and tools on the other side.",
            ),
            (
                "Nothing: 300 calls at £4 already is the return",
                "That is the result. Without what it cost, you can't call it a return.",
            ),
        ),
        mc(
            "Fading after the launch",
            "Which sign shows engagement fading after the launch buzz?",
            (
                "Fewer replies per post, and community groups that have gone quiet",
                "Right. Watch conversation, not follower totals, to see engagement fade.",
            ),
            (
                "A follower count that is still growing slowly each week",
                "Follower growth can hide a feed where nobody talks any more.",
            ),
            (
                "More posts from the company account than in the launch month",
                "Posting more is activity; the warning sign is fewer people answering.",
            ),
            (
                "A drop in paid advertising spend after the first quarter",
                "Spend is an input; fading shows in replies and group activity.",
            ),
        ),
        mc(
            "Why baselines matter",
            "Why compare results with a baseline?",
            (
                "To see what changed because of the work, not normal ups and downs",
                "Right. Without a starting point you can't tell a real change from normal ups and downs.",
            ),
            (
                "Because the board likes every report to include last year's figures",
                "It isn't for form's sake: the baseline is what makes a change visible.",
            ),
            (
                "To set a target that the social team is sure to meet in the first quarter",
                "A baseline shows change; it is not there to make targets easy.",
            ),
            (
                "To prove that followers grew faster than at rival operators",
                "Comparing with rivals tells you little about your own objective.",
            ),
        ),
        mc(
            "Reporting back to staff",
            "Why report results back to the staff who do the social work?",
            (
                "People keep going when they can see their work is making a difference",
                "Right. Seeing calls fall or vacancies fill keeps people engaged after the launch.",
            ),
            (
                "So they can compete with each other for the most replies each month",
                "Competing on reply counts rewards activity, not results.",
            ),
            (
                "Because the policy requires a monthly report to every team",
                "It's not about the rule; results shared back keep the work alive.",
            ),
            (
                "To show which staff member posted least, so managers can follow up",
                "Naming the quietest turns reporting into blame; share what worked.",
            ),
        ),
    ],
    "A6": [
        mc(
            "Fading engagement",
            "Why does staff engagement on social often fade after a strong start?",
            (
                "It relies on volunteers in their own time, without goals, time or recognition",
                "Right. Build it into roles, give it time and back people.",
            ),
            (
                "Customers move to newer platforms, so the company's audience leaves",
                "Customers stay; it is the company that goes quiet.",
            ),
            (
                "Too many people were trained, so nobody feels responsible for posting",
                "Training helps engagement last.",
            ),
            (
                "Posting becomes routine, so staff stop thinking about what to write",
                "Good posting takes time and skill; the fade comes from no time and no backing.",
            ),
        ),
        mc(
            "What staff ask first",
            "Before staff talk with customers in public, which question decides whether they do?",
            (
                "If I get it slightly wrong, will the company stand behind me?",
                "Right. People engage when they know honest mistakes will be fixed together.",
            ),
            (
                "Will my posts be counted towards a target in my yearly review?",
                "Recognition helps, but backing after a mistake is what people ask about first.",
            ),
            (
                "Is there a template I can copy so I never need to write my own words?",
                "Templates may help at first, but trust that the company has your back matters more.",
            ),
            (
                "Will the comms team approve every reply before it goes out?",
                "Approving every reply slows answers and says staff aren't trusted.",
            ),
        ),
        mc(
            "A policy that backs people",
            "Legal suggests every staff reply should say the person posts at their own risk. What is wrong with that?",
            (
                "It pushes the risk onto staff instead of the company backing them",
                "Right. A policy should guide and support staff, not leave them alone with the risk.",
            ),
            (
                "Nothing: it protects the company, and staff can still post if they wish",
                "Few people post when they are told they are on their own.",
            ),
            (
                "It is too long for a reply; a shorter disclaimer would be fine",
                "The length is not the problem; the message that staff are not backed is.",
            ),
            (
                "It should go in staff profiles, not in the replies themselves",
                "Moving the disclaimer still leaves staff carrying the risk alone.",
            ),
        ),
        mc(
            "After an honest mistake",
            "An adviser posts a wrong bus time in good faith. What should happen next?",
            (
                "Correct it in public, fix the cause together, and learn from it",
                "Right. Fixing honest mistakes together keeps people willing to help in public.",
            ),
            (
                "Remove the adviser's access until they have done the training again",
                "Taking access away for an honest slip teaches everyone to stay silent.",
            ),
            (
                "Delete the post quietly, so that nobody notices the error",
                "Quiet deletions look like hiding; a plain correction builds trust.",
            ),
            (
                "Warn all staff by email that mistakes will go on their record",
                "Threats stop people from answering customers at all.",
            ),
        ),
        mc(
            "Making it part of the job",
            "Which change best makes social work part of the job?",
            (
                "Protected hours for social work, and replies counted in team targets",
                "Right. Time and recognition keep engagement alive after the launch.",
            ),
            (
                "A thank-you email from the chief executive to the volunteers each quarter",
                "Thanks are welcome, but without time the work still lands in lunch breaks.",
            ),
            (
                "An internal competition with a prize for the most posts each month",
                "Prizes for volume reward activity and fade fast; build it into roles.",
            ),
            (
                "Asking staff to answer customers when they have a spare moment",
                "Spare moments vanish on busy days, so the conversation fades with them.",
            ),
        ),
        mc(
            "Planning for the long run",
            "Two enthusiasts host the passenger group unpaid after hours. What is the risk?",
            (
                "They burn out, and the group goes quiet",
                "Right. Plan for the long run with time, backing and a second host.",
            ),
            (
                "They post too often, and members feel flooded with updates",
                "Over-posting is rare; people working after hours tire and stop.",
            ),
            (
                "They become too well known, and customers stop contacting the official account",
                "Known hosts help. The danger is unpaid work that cannot last.",
            ),
            (
                "They could say something off-message that legal has not approved",
                "Good faith and house rules handle that; the bigger risk is burn-out.",
            ),
        ),
    ],
    # --- Every function is on social ---------------------------------------------------------------------------
    "B1": [
        mc(
            "What makes a post credible",
            "What makes a company post credible?",
            (
                "Real expertise from someone who knows the subject behind it",
                "Right. People trust posts from someone who knows the subject.",
            ),
            (
                "A polished photo and the company logo in the corner of every image",
                "Polish helps attention, not trust; knowledge is what convinces.",
            ),
            (
                "Posting at the times when most followers are online",
                "Good timing helps reach, but reach is not credibility.",
            ),
            (
                "Approval of every word by the legal team before it is posted",
                "Approval can lower risk, but it doesn't make a post believable.",
            ),
        ),
        mc(
            "Useful before promotional",
            "What comes first for the company's accounts?",
            (
                "Being useful to the people who follow them, with promotion second",
                "Right. People follow an account that helps them; offers work once that trust is there.",
            ),
            (
                "Promoting offers, since that is what pays for the social team",
                "Feeds that mostly sell are ignored; usefulness earns attention.",
            ),
            (
                "Growing followers, since a big audience makes every later post count",
                "An audience grows from being useful, not the other way round.",
            ),
            (
                "Keeping the brand look consistent in every image and post",
                "Consistency matters, but it comes after being useful.",
            ),
        ),
        mc(
            "Expert and communicator",
            "A depot engineer wants to explain why buses are being refitted. Who should write the post?",
            (
                "The engineer with a communicator, together",
                "Right. The pair avoids both fluff and jargon.",
            ),
            (
                "The engineer alone, since only an expert can get the details right",
                "Expert posts alone often slip into jargon people can't follow.",
            ),
            (
                "A communicator alone, working from the engineer's written notes",
                "Ghost-writing loses the expert's voice and detail; pair them up.",
            ),
            (
                "The agency, so that the refit news matches the campaign style",
                "The agency lacks the know-how that makes the post credible.",
            ),
        ),
        mc(
            "Listening counts",
            "On social, what counts as much as posting?",
            (
                "Listening",
                "Right. Reading what people say shows what to answer, fix and share.",
            ),
            (
                "Posting at a steady rhythm, even on days when there is nothing new",
                "A rhythm with nothing to say is noise; listening tells you what matters.",
            ),
            (
                "Replying to every post within five minutes, whatever the subject",
                "Speed helps, but it follows from listening, not instead of it.",
            ),
            (
                "Following as many accounts as possible so they follow back",
                "Follow-backs inflate numbers; listening is about hearing people.",
            ),
        ),
        mc(
            "Where to find the house rules",
            "You are unsure whether you may answer a question about a new timetable. What do you do?",
            (
                "Check the house rules and ask the person named there",
                "Right. Knowing where the rules are and who to ask lets you act with confidence.",
            ),
            (
                "Answer anyway, since a quick reply is always better than a slow one",
                "Speed matters, but a wrong timetable answer creates more work.",
            ),
            (
                "Leave it, since anything about timetables is for the comms team only",
                "You may well be able to help; check the rules before you walk away.",
            ),
            (
                "Ask the customer to phone the contact centre for timetable questions",
                "That sends a public question to a slower channel without checking first.",
            ),
        ),
        mc(
            "Every team has something to say",
            "Why should teams beyond marketing post at all?",
            (
                "Every team has knowledge customers value and come looking for",
                "Right. Timetables, refunds, jobs and the app all draw questions only those teams can answer well.",
            ),
            (
                "So the company account reaches its posting target each week",
                "Posting to hit a number is activity, not value.",
            ),
            (
                "Because marketing no longer has the budget to do it alone",
                "It isn't about budget; each team knows things customers need.",
            ),
            (
                "To make the company look bigger than its competitors online",
                "Looking big is not the point; being useful is.",
            ),
        ),
    ],
    "B2": [
        mc(
            "First reply to a complaint",
            "A customer complains publicly about a late refund. Which is the best first reply?",
            (
                "Acknowledge publicly, apologise, and ask for details privately",
                "Right. Onlookers see a response and personal details stay private.",
            ),
            (
                "Ask for their booking reference and phone number in a public reply",
                "That puts personal data on a public thread.",
            ),
            (
                "Hide the post until the refund is sorted, then show it again",
                "Hiding criticism is noticed and makes it bigger.",
            ),
            (
                "Reply with the customer line's phone number and nothing else",
                "That sends a public problem back to the slowest channel.",
            ),
        ),
        mc(
            "Answering the pattern",
            "Twenty people this week asked how to check a refund claim. What helps most?",
            (
                "A pinned how-to post that answers all of them, and the next ones, at once",
                "Right. Answering the pattern cuts repeat questions and calls.",
            ),
            (
                "Twenty careful private replies, so each person feels heard one to one",
                "Kind, but the next twenty people will ask again.",
            ),
            (
                "A reply to each with the same pasted text, to save time",
                "Identical pasted replies look automated and still miss the next person.",
            ),
            (
                "Asking the app team to remove the claim page until it works better",
                "Removing the page makes things worse; explain it and report the problem.",
            ),
        ),
        mc(
            "Logging recurring questions",
            "What should happen to questions that keep coming back?",
            (
                "Log them and pass them to product and operations",
                "Right. Patterns from social point to problems those teams can fix.",
            ),
            (
                "Answer each one as it comes and keep no record, to save time",
                "Without a log nobody sees the pattern, so the cause stays.",
            ),
            (
                "Forward them to the agency so it can plan a campaign about them",
                "A campaign won't fix the cause; product and operations can.",
            ),
            (
                "Mute the keywords so the team sees fewer repeats",
                "Muting hides the signal that something needs fixing.",
            ),
        ),
        mc(
            "Tone in customer service",
            "Which reply has the right tone for a customer who has waited weeks?",
            (
                "\"Sorry it's taken so long, Marcus. I'll look at it today: can you message us your reference?\"",
                "Right. Plain, warm and specific, with personal details moved to private messages.",
            ),
            (
                '"We apologise for any inconvenience. Your query has been logged. Ref: CS-0012."',
                "Robotic replies sound like nobody read the complaint.",
            ),
            (
                '"Refunds take up to 28 days under our terms, so this is being handled as normal."',
                "Quoting terms at an upset customer wins the point and loses everyone watching.",
            ),
            (
                '"Hi! :) Hang in there, these things happen! We\'re on it!"',
                "Too breezy for weeks of waiting, and it promises nothing specific.",
            ),
        ),
        mc(
            "Arguing about terms",
            "A customer insists the refund rules are unfair. What should you avoid?",
            (
                "Arguing about the terms and conditions with them in public",
                "Right. Even if you are right, onlookers see a company arguing with a customer.",
            ),
            (
                "Saying sorry for the wait while you look into the claim",
                "An apology for the wait is fine; it doesn't admit the rules are wrong.",
            ),
            (
                "Moving the conversation to private messages to get the claim details",
                "That protects their data; it's good practice, not something to avoid.",
            ),
            (
                "Passing the feedback about the rules to the team that sets them",
                "That is useful; the thing to avoid is a public argument.",
            ),
        ),
        tf(
            "Personal details in public",
            "Asking a customer for their phone number in a public reply is fine if you delete it afterwards.",
            False,
            "Not quite. Once posted, details can be copied at once; ask for them by private message.",
            "Right. Personal details belong in private messages from the start.",
        ),
    ],
    "B3": [
        tf(
            "Listening for insight",
            "Public conversation can give product teams early, low-cost customer insight.",
            True,
            "Not quite. Listening adds to formal research, early and cheaply.",
            "Right. Count themes before acting on them.",
        ),
        mc(
            "Before commissioning research",
            "The app team plans a survey about the ticket screen. What should they do first?",
            (
                "Search public mentions of the ticket screen",
                "Right. Mentions are a fast, low-cost start that can shape the survey.",
            ),
            (
                "Wait for the survey results before looking at anything else, to avoid bias",
                "Mentions don't bias a survey; they help you ask better questions.",
            ),
            (
                "Post a poll on the main account asking whether people like the screen",
                "A poll reaches only followers and gives thin answers; look at what people already say.",
            ),
            (
                "Ask the agency for its view of what users want from ticket screens",
                "An outside view is no substitute for what your own customers are saying.",
            ),
        ),
        mc(
            "Tag and count",
            "How should the team turn mentions into insight?",
            (
                "Tag themes, count them, and use them alongside formal research",
                "Right. Counted themes add to research; they don't replace it.",
            ),
            (
                "Act on the most-liked post, since likes show what most people think",
                "Likes show attention, not how common a problem is.",
            ),
            (
                "Replace user research with mentions, which are faster and cost nothing",
                "Mentions add to research; they come from a vocal part of your users.",
            ),
            (
                "Read a few mentions each month and share the best quotes",
                "Quotes are vivid but say nothing about how often a problem comes up.",
            ),
        ),
        mc(
            "A loud few",
            "Fifteen angry posts say the new app design is unusable. What do you do first?",
            (
                "Check the numbers before reacting",
                "Right. A loud few can be a real problem or a small group; check before you change course.",
            ),
            (
                "Roll back the new design today, since fifteen posts is a clear signal",
                "It may be, but roll-backs cost a lot; check usage and support figures first.",
            ),
            (
                "Ignore them, since people always complain about change at first",
                "Ignoring feedback misses real problems; look at the numbers.",
            ),
            (
                "Reply to each post defending the reasons behind the design",
                "Defending the design in public won't tell you whether the problem is real.",
            ),
        ),
        mc(
            "Closing the loop",
            "Customers' posts led to a clearer delay-claim button in the app. What now?",
            (
                "Post that the button changed because customers spoke up, and thank them",
                "Right. People keep sharing ideas when they see them used.",
            ),
            (
                "Nothing: users will notice the new button when they next open the app",
                "Many won't connect it to their posts; saying so builds goodwill.",
            ),
            (
                "Announce it as the product team's own idea in the release notes",
                "Taking the credit loses the chance to thank the people who raised it.",
            ),
            (
                "Ask the same people to test every future change before release",
                "A nice idea later, but first tell them their feedback made a difference.",
            ),
        ),
        mc(
            "A workaround is a clue",
            "Several people post that they screenshot their ticket because the app logs them out. What is this?",
            (
                "A workaround that points to a product problem worth reporting",
                "Right. Workarounds show where the product fails people; pass it on with a count.",
            ),
            (
                "A sign that customers prefer paper tickets and dislike apps",
                "They're still using the app; the screenshot works around the log-out.",
            ),
            (
                "Harmless, since a screenshot of a ticket is accepted on trains",
                "It may be accepted, but the log-out is a real defect worth fixing.",
            ),
            (
                "A security risk, so staff should tell customers to stop at once",
                "Telling people off doesn't fix the log-out that causes it.",
            ),
        ),
    ],
    "B4": [
        mc(
            "Posts people share",
            "Which post about the new Brackenford timetable is most likely to travel?",
            (
                "A short post on what changes for riders, with a clear, described map",
                "Right. Start with what matters to the reader, in plain words.",
            ),
            (
                "The full press release, so that every detail is there for anyone interested",
                "Press-release language rarely travels; people scroll past.",
            ),
            (
                "A post thanking the planning team, with a photo of their meeting",
                "Thanks are nice, but riders want to know what changes for them.",
            ),
            (
                "A quote from the chief executive on the strategy behind it",
                "Strategy talk comes second to what a rider needs to do.",
            ),
        ),
        mc(
            "One idea per post",
            "Comms want one post to cover the new timetable, a job fair and a fare offer. What is the problem?",
            (
                "A post with three ideas gets none across",
                "Right. One idea per post, in plain words, is what people read and share.",
            ),
            (
                "It's too short for three subjects and should be a long thread instead",
                "A long thread still mixes three ideas; split them into separate posts.",
            ),
            (
                "The job fair is HR's news and should only go on the careers account",
                "HR news can go on the main account; the issue is mixing three ideas.",
            ),
            (
                "Fare offers shouldn't be posted at all on the main account",
                "Offers are fine in their place; give each idea its own post.",
            ),
        ),
        mc(
            "Alt text",
            "Why does every image in a post need alt text?",
            (
                "So people using screen readers get what matters in it",
                "Right. Alt text says what the image shows for those who can't see it.",
            ),
            (
                "Because the platforms rank posts with alt text higher in feeds",
                "That isn't why; alt text is for people who can't see the image.",
            ),
            (
                "To hold the hashtags, so the caption stays short and readable",
                "Hashtags in alt text make screen readers read noise.",
            ),
            (
                "So the image still loads on slow connections",
                "Alt text describes the image; it doesn't help it load.",
            ),
        ),
        mc(
            "Experts and comms",
            "A driver trainer writes a post about winter driving. What should comms do?",
            (
                "Edit it lightly for clarity, keeping the trainer's own voice",
                "Right. Let experts speak; comms edit rather than ghost-write.",
            ),
            (
                "Rewrite it fully in the brand voice and post it as the company's own",
                "Ghost-writing loses the expert's credibility and detail.",
            ),
            (
                "Turn it down, because only comms may post on the main account",
                "Experts speaking is what makes posts believable; edit, don't block.",
            ),
            (
                "Post it unchanged, since the trainer knows the subject best",
                "A light edit for clarity helps; the voice stays the trainer's.",
            ),
        ),
        mc(
            "The pause switch",
            "What does every campaign calendar need?",
            (
                "A pause switch for when something goes wrong",
                "Right. Cheerful posts during a disruption look like ignoring people.",
            ),
            (
                "A fixed posting rhythm that never changes, so followers know what to expect",
                "A rhythm that can't stop will post offers in the middle of a crisis.",
            ),
            (
                "Approval from every department before each campaign is scheduled",
                "Approvals slow things down; what's missing is a way to stop.",
            ),
            (
                "Enough posts to fill every day of the month",
                "Filling days is activity; the must-have is being able to pause.",
            ),
        ),
        mc(
            "One voice",
            "Tarnwick runs a main account, a careers account and a bus account. What should they share?",
            (
                "One consistent voice, whichever account answers",
                "Right. Customers meet one company, whichever account answers.",
            ),
            (
                "The same posts at the same times, so that nothing is missed",
                "Copying posts everywhere annoys people who follow more than one account.",
            ),
            (
                "A single team that writes every post for all three",
                "Different teams can post; what matters is one voice and shared house rules.",
            ),
            (
                "Identical profile pictures and colour schemes",
                "A shared look helps, but the voice is what people notice.",
            ),
        ),
    ],
    "B5": [
        tf(
            "Say who you work for",
            "When you post about your employer on a personal account, say that you work there.",
            True,
            "Not quite. Readers need to know, and saying so protects you and the company.",
            "Right. Saying who you work for lets readers judge what you say.",
        ),
        mc(
            "What candidates judge",
            "How do candidates judge an employer on social?",
            (
                "By how it talks, and by how its own staff talk about it",
                "Right. Tone and staff voices say more about working here than slogans.",
            ),
            (
                "Mainly by the salary figures in the job adverts it posts",
                "Pay matters, but candidates also read how the company and its people sound.",
            ),
            (
                "By the number of followers on the careers account",
                "Followers say little about what it is like to work here.",
            ),
            (
                "By the awards and rankings listed on the company website",
                "Awards help, but candidates trust what staff say more.",
            ),
        ),
        mc(
            "Stories that work",
            "Which post best shows what working at Tarnwick is like?",
            (
                "A driver's own story of her first year, shared with her consent",
                "Right. Real team stories, with consent, beat slogans.",
            ),
            (
                'A banner saying "Tarnwick: a great place to work!" with a stock photo',
                "Slogans and stock photos tell candidates nothing real.",
            ),
            (
                "A list of every benefit in the staff handbook",
                "Benefits matter, but a list reads like an advert, not like life at work.",
            ),
            (
                "A photo from the staff party tagged with everyone's names",
                "Tagging colleagues without consent shares their details; ask first.",
            ),
        ),
        mc(
            "Consent for photos",
            "You want to post a photo of the depot team winning a safety award. What do you do first?",
            (
                "Ask each person in the photo whether they agree to it",
                "Right. Share no colleague photos or details without consent.",
            ),
            (
                "Post it, since it shows them in a good light and they'll be pleased",
                "A good photo still needs consent; some people don't want to be online.",
            ),
            (
                "Blur the faces of anyone who isn't a manager",
                "Blurring doesn't replace asking; ask everyone in the picture.",
            ),
            (
                "Check that the photo has no company logos in it",
                "Logos are not the issue; people's consent is.",
            ),
        ),
        mc(
            "Scarce skills",
            "Tarnwick struggles to hire bus drivers and engineers. How can social help?",
            (
                "Search for people with those skills and talk with them where they are",
                "Right. Look for scarce skills where people talk about their work.",
            ),
            (
                "Post the same job advert every day until the vacancies are filled",
                "Repeating an advert reaches the same people; go where the skills are.",
            ),
            (
                "Pay for a larger following, so more people see the adverts",
                "Bought followers rarely include the drivers you need.",
            ),
            (
                "Ask staff to share a scripted post about the vacancies each week",
                "Sharing is voluntary and never scripted; scripts sound false.",
            ),
        ),
        mc(
            "Staff sharing",
            "HR wants staff to share job posts. What is the right approach?",
            (
                "Invite sharing, and keep it voluntary and unscripted",
                "Right. Staff who share in their own words, by choice, are believed.",
            ),
            (
                "Give every team a weekly target for shares and report who meets it",
                "Targets make sharing feel forced, and readers can tell.",
            ),
            (
                "Send a ready-made post for everyone to copy word for word",
                "Identical posts from many accounts look like a campaign, not a team.",
            ),
            (
                "Make sharing part of the probation review for new starters",
                "Sharing must stay voluntary; pressure makes it worthless.",
            ),
        ),
    ],
    "B6": [
        mc(
            "Confidential in the background",
            "You post a photo from the depot. What should you check first?",
            (
                "That nothing confidential shows in the background",
                "Right. Whiteboards, screens and documents can give away unannounced plans.",
            ),
            (
                "That the photo has enough likes potential to be worth posting",
                "Likes don't matter here; what the photo shows does.",
            ),
            (
                "That the company logo is clearly visible so people know where it is",
                "A logo is fine; the risk is what else is in the frame.",
            ),
            (
                "That your manager is tagged, so they see it",
                "Tagging isn't needed; check the background for confidential details.",
            ),
        ),
        mc(
            "Your views are your own",
            "A friend asks on your personal account whether Tarnwick will freeze fares. What do you reply?",
            (
                "That you can't speak for the company, with a link to official news",
                "Right. Your views are your own, so make no promises for the company.",
            ),
            (
                "That you heard fares will be frozen, since it came up at a team meeting",
                "Internal talk is not an announcement; repeating it speaks for the company.",
            ),
            (
                "That fares will probably go up, since they usually do every spring",
                "A guess from an employee reads like inside knowledge.",
            ),
            (
                "Nothing, and then delete your friend's question",
                "Deleting looks odd; a friendly pointer to the official source works better.",
            ),
        ),
        mc(
            "Sending complaints on",
            "Someone complains about a late bus on your personal post. What do you do?",
            (
                "Point them to the official channel, where it is tracked",
                "Right. Complaints go to the official channel, where they are tracked and answered.",
            ),
            (
                "Apologise for the company and promise that it won't happen again",
                "You can't make that promise, and it isn't yours to make.",
            ),
            (
                "Explain what went wrong, using what you know from work",
                "Internal details don't belong on a personal account.",
            ),
            (
                "Argue that buses are usually on time, since the figures are good",
                "Arguing in public on your own account draws more attention.",
            ),
        ),
        mc(
            "When a post takes off",
            "Your personal post about a new bus starts drawing comments from a reporter. What now?",
            (
                "Tell comms early",
                "Right. Comms can prepare, and honest mistakes get fixed together.",
            ),
            (
                "Reply to the reporter yourself, since you know the most about the bus",
                "Reporters need the official view; let comms handle it.",
            ),
            (
                "Delete the post quietly and hope nobody has taken a screenshot",
                "Screenshots may exist already; comms would rather hear it from you.",
            ),
            (
                "Make your account private and say nothing to anyone at work",
                "Hiding it leaves comms unprepared if the story grows.",
            ),
        ),
        tf(
            "Unannounced plans",
            "Once a rumour is already going round, it is fine to confirm unannounced plans on your own account.",
            False,
            "Not quite. A rumour doesn't make plans public; confirming it speaks for the company.",
            "Right. Unannounced plans stay private until the company announces them.",
        ),
        mc(
            "Saying where you work",
            "When should you say that you work at Tarnwick on your personal account?",
            (
                "When you post about the company or its sector",
                "Right. Readers can then judge what you say, and you avoid looking like a secret advocate.",
            ),
            (
                "Never, since mentioning your employer links the company to all your posts",
                "When you post about work, hiding where you work misleads readers.",
            ),
            (
                "Only when a manager has approved the post in advance",
                "Approval isn't needed to say where you work; honesty is.",
            ),
            (
                "In every post, whatever the subject, even holiday photos",
                "Only posts about the company or its sector need it.",
            ),
        ),
    ],
    # --- When things go wrong ----------------------------------------------------------------------------------
    "C1": [
        mc(
            "Scheduled promotions",
            "A train is stranded at night and a promotion is scheduled for the next hour. What should happen to it?",
            (
                "Pause it until service is back to normal",
                "Right. In a disruption the feed is there to help.",
            ),
            (
                "Let it run as planned, since the offer is unrelated to the train",
                "A cheerful advert looks like ignoring people.",
            ),
            (
                "Post it with an apology for the disruption added at the top",
                "An apology does not fix the timing.",
            ),
            (
                "Delete all of tonight's posts, updates included",
                "Updates are exactly what people need now.",
            ),
        ),
        mc(
            "Why people follow",
            "Why do many people follow a transport account?",
            (
                "For help on the day something goes wrong with their journey home",
                "Right. Being useful in an emergency is why people follow you.",
            ),
            (
                "For the fare offers and competitions the account runs each month",
                "Some do, but most stay for help when their journey goes wrong.",
            ),
            (
                "For photos of trains, buses and the places the network serves",
                "Nice to have; the reason to follow is help on a bad day.",
            ),
            (
                "Because the app asks them to follow when they buy a ticket",
                "A prompt may start it; usefulness on a bad day keeps them.",
            ),
        ),
        mc(
            "Silence as a message",
            "The control room is still working out the cause of a signal failure. What does silence on the feed say?",
            (
                "That nobody is there for them, or that nobody cares",
                "Right. Silence is also a message, and people read it as indifference.",
            ),
            (
                "That the company is being careful, which passengers respect",
                "Passengers can't see the care; they see nothing at all.",
            ),
            (
                "Nothing, since people expect updates only once the cause is known",
                "People expect a first word fast, even before the cause is known.",
            ),
            (
                "That the problem is small and will soon be fixed",
                "Silence reassures nobody; it looks like no one is there.",
            ),
        ),
        mc(
            "A cautionary case",
            "In a widely reported case, a rail operator's feed kept posting offers while passengers sat stranded for hours. Why did it go so badly?",
            (
                "The feed ignored people when they needed help",
                "Right. Promotions during a disruption feel like being ignored.",
            ),
            (
                "The offers were poorly designed and carried the wrong prices",
                "The prices weren't the problem; the timing and silence were.",
            ),
            (
                "The passengers were already angry about fares before the delay",
                "Whatever came before, the feed ignored them on the night.",
            ),
            (
                "The offers went out too late in the evening to be useful",
                "It was posting offers at all while people were stuck that hurt.",
            ),
        ),
        mc(
            "Marketing and trust",
            "When do people put up with marketing in a transport feed?",
            (
                "Only if the feed helps when it counts",
                "Right. Help on bad days earns the right to promote on good ones.",
            ),
            (
                "Always, as long as the offers are good value and clearly priced",
                "Good offers don't make up for a feed that goes quiet in a crisis.",
            ),
            (
                "When the posts are funny and show the brand's personality",
                "Humour can help, but not if the feed fails people on bad days.",
            ),
            (
                "Never: people want a feed with service updates only",
                "Most accept some marketing from a feed that helps them when it matters.",
            ),
        ),
        mc(
            "A bad day is a test",
            "How a transport account behaves on a bad day decides what?",
            (
                "Whether people keep following it and trust it next time",
                "Right. A bad day is when followers decide whether the account is worth it.",
            ),
            (
                "How many new followers the account gains that month",
                "Numbers may move, but trust is what's at stake.",
            ),
            (
                "Which staff member gets the blame for the disruption",
                "Scenarios and reviews look at the system, not at one person to blame.",
            ),
            (
                "Whether the press writes about the cause of the fault",
                "The press may write anyway; the feed decides what the story says about you.",
            ),
        ),
    ],
    "C2": [
        mc(
            "The out-of-hours rota",
            "A fault happens at 19:00 and the comms team has gone home. What should already be in place?",
            (
                "An out-of-hours rota, with operations, access and training",
                "Right. The people on duty need access, authority and practice.",
            ),
            (
                "A rule that nothing is posted until the comms manager is back in the morning",
                "Incidents don't keep office hours; silence until 08:00 is the failure.",
            ),
            (
                "The comms manager's personal phone number on the control-room wall",
                "Calling one person at home is fragile; a trained rota is the plan.",
            ),
            (
                "A generic apology that the system posts automatically on every fault",
                "Automatic posts can't say what people need to know.",
            ),
        ),
        mc(
            "Holding messages",
            "What should a holding message kit include?",
            (
                'Pre-approved wording and a "pause all scheduled posts" step',
                "Right. Ready words and a pause step let the rota act in minutes.",
            ),
            (
                "A full statement on the cause, to be filled in once the report arrives",
                "Waiting for the cause is what makes first words late.",
            ),
            (
                "The legal team's contact details, so that every message can be checked",
                "Pre-approval happens before the incident, so nobody waits at 19:00.",
            ),
            (
                "Standard replies for every type of complaint",
                "Replies help later; the first need is a holding message and a pause step.",
            ),
        ),
        mc(
            "One source of truth",
            "During an incident, how should control-room facts reach the public?",
            (
                "Through one public thread that the control room feeds with facts",
                "Right. One source of truth keeps every answer the same.",
            ),
            (
                "Through each team's own account, so that every audience is reached",
                "Several accounts with different facts confuse people.",
            ),
            (
                "Through the press office only, with a statement at the end of the day",
                "People need updates as it happens, not at the end of the day.",
            ),
            (
                "Through replies to individual passengers as they ask",
                "Replies help, but they should point to one thread with the facts.",
            ),
        ),
        mc(
            "When to escalate",
            "Why does the plan need clear points to escalate to comms and leaders?",
            (
                "So the rota knows when to call for help, without guessing",
                "Right. Clear triggers mean nobody has to guess at 23:00.",
            ),
            (
                "So that leaders approve every update before it goes out",
                "Approving every update slows answers; escalate when a trigger is met.",
            ),
            (
                "So the blame is clear if something goes wrong during the night",
                "Escalation is about getting help, not assigning blame.",
            ),
            (
                "So comms can take over all posting from the first minute",
                "The rota posts first; escalation brings help when it is needed.",
            ),
        ),
        mc(
            "Drills",
            "How does the team make sure the plan works before a real incident?",
            (
                "Practise it with regular drills on the real accounts, with the real rota",
                "Right. Drills find missing passwords, unclear roles and slow steps.",
            ),
            (
                "Send the plan to everyone on the rota and ask them to read it carefully",
                "Reading is not doing; gaps show up only when people practise.",
            ),
            (
                "Ask an agency to check the plan against other operators' plans",
                "A review helps, but practice is what shows the plan works.",
            ),
            (
                "Wait for the next real incident and review the plan afterwards",
                "Learning only from real incidents costs passengers' trust.",
            ),
        ),
        mc(
            "Access for the rota",
            "A control-room assistant is on the rota but has no login to the main account. What is the problem?",
            (
                "They can't post when it matters",
                "Right. A rota needs account access and training, not just names.",
            ),
            (
                "Nothing: they can phone comms, who will post on their behalf",
                "Relaying by phone adds delay at the moment speed matters most.",
            ),
            (
                "They might post without approval, which is a security risk",
                "Access with training and pre-approved wording is the safe set-up.",
            ),
            (
                "Only that their name is missing from the contact list",
                "The missing login is the real gap.",
            ),
        ),
    ],
    "C4": [
        tf(
            "Deleting critics",
            "Deleting critical comments is an effective way to stop a complaint spreading.",
            False,
            "Not quite. Deleting usually draws more attention.",
            "Right. Hide only abuse, threats, spam or exposed personal data, under published rules.",
        ),
        mc(
            "What to hide",
            "Under published house rules, which comment may be hidden?",
            (
                "A comment with another passenger's phone number in it",
                "Right. Exposed personal data is one of the few things to hide.",
            ),
            (
                "A comment calling the service a disgrace after a long delay",
                "Harsh criticism stays up; answer it instead.",
            ),
            (
                "A comment with a photo of an overcrowded carriage",
                "A true photo of a problem is feedback, not something to hide.",
            ),
            (
                "A comment sharing a news story about the delays",
                "News links are fair comment; hiding them looks like silencing critics.",
            ),
        ),
        mc(
            "Angry posts",
            "What is an angry post, most of the time?",
            (
                "Feedback given under stress by someone having a bad day",
                "Right. Treat it as feedback: acknowledge, then give facts and action.",
            ),
            (
                "An attack on the company that needs a firm public correction",
                "Correcting people in public turns a complaint into a story.",
            ),
            (
                "A sign that the person wants compensation",
                "Some may, but most want to be heard and helped.",
            ),
            (
                "Noise that is best left alone until the person calms down",
                "Leaving it alone looks like not caring; a calm reply helps.",
            ),
        ),
        mc(
            "Sarcasm and removals",
            "In a widely reported case, a food company's page answered critics with sarcasm and removed comments. What followed?",
            (
                "The backlash grew many times over and became a news story",
                "Right. Fighting or deleting turns a complaint into a story.",
            ),
            (
                "The critics gave up, and the page went back to normal within a day",
                "The opposite happened: the story spread far beyond the page.",
            ),
            (
                "The company gained followers who liked its sharp, confident tone",
                "A few may have, but the backlash was far bigger.",
            ),
            (
                "Nothing much, since most people never read comments",
                "Screenshots of the replies travelled widely.",
            ),
        ),
        mc(
            "Acknowledge first",
            'A post says: "Third late bus this week, useless as always." Which reply is best?',
            (
                "\"Sorry, that's a bad week. Route 12 has had driver gaps; we're adding cover from Monday.\"",
                "Right. Acknowledge first, then give facts and action.",
            ),
            (
                '"Route 12 ran 94% on time this month, which is above the regional average."',
                "Correct figures read as a lecture when someone is fed up.",
            ),
            (
                '"Please keep comments respectful, or we\'ll remove them under our house rules."',
                "The post is rude but not abuse; warning them escalates it.",
            ),
            (
                '"Useless? Our drivers work hard in all weathers. Maybe try walking? ;)"',
                "Mocking a customer turns a complaint into a story.",
            ),
        ),
        mc(
            "Publishing house rules",
            "Why publish house rules before hiding anything?",
            (
                "So people can see why a comment was hidden",
                "Right. Published rules make hiding fair and explainable.",
            ),
            (
                "So the company can remove any comment it finds unhelpful",
                "Rules limit hiding to abuse, threats, spam or exposed personal data.",
            ),
            (
                "Because the platforms require it before a page can go live",
                "It is about fairness to your audience, not a platform rule.",
            ),
            (
                "So that critics know they will be blocked if they complain",
                "Rules are not a threat; criticism stays up.",
            ),
        ),
    ],
    "C5": [
        mc(
            "Apologising after an incident",
            "What should the public apology after the Hollin delay say?",
            (
                "Sorry, plainly, and what will change so it doesn't happen again",
                "Right. A plain apology with concrete changes rebuilds trust.",
            ),
            (
                "That the fault was outside the company's control and could not be foreseen",
                "Even if true, it sounds like an excuse without an apology.",
            ),
            (
                "That passengers may claim compensation under the terms of carriage",
                "Useful, but without saying sorry and what changes it reads as legal notice.",
            ),
            (
                "That the staff involved have been spoken to",
                "Pointing at staff shifts blame; say what the company will change.",
            ),
        ),
        mc(
            "Following up promises",
            "On the night, staff told several passengers their taxi costs would be covered. What now?",
            (
                "Follow up every individual promise made on the night",
                "Right. Each kept promise rebuilds trust; each forgotten one becomes a new complaint.",
            ),
            (
                "Publish the policy, and let people claim if they still want to",
                "Promises to named people need following up, not just a policy link.",
            ),
            (
                "Pay only those who post their receipts on the public thread",
                "That invites personal details onto a public thread.",
            ),
            (
                "Wait for complaints to come in before doing anything",
                "Waiting lets kept promises turn into broken ones.",
            ),
        ),
        mc(
            "The debrief",
            "What kind of debrief helps most after an incident?",
            (
                "A blame-free debrief within a week",
                "Right. Look at what we knew, what we said and when, without blame.",
            ),
            (
                "A formal review that finds out which person made the key mistake",
                "Blame makes people hide mistakes; look at the system.",
            ),
            (
                "A debrief at the end of the quarter, once all the claims are in",
                "Memories fade; hold it within a week.",
            ),
            (
                "A short email from comms summarising the press coverage",
                "Coverage is one part; the debrief looks at what we knew and said.",
            ),
        ),
        mc(
            "What to compare",
            "How do you tell whether the response worked?",
            (
                "Compare response times, claims and repeat contacts with normal levels",
                "Right. Comparing with normal levels shows what the incident and the response did.",
            ),
            (
                "Count the likes on the final apology post",
                "Likes say little about how well people were helped.",
            ),
            (
                "Ask the team on duty whether they felt it went well",
                "Their view matters, but figures against normal levels show the effect.",
            ),
            (
                "Check whether the local news covered it",
                "Coverage is one signal; response times and claims show the service.",
            ),
        ),
        mc(
            "Updating the plan",
            "What should change after the debrief?",
            (
                "The plan and the rota, using what the incident taught the team",
                "Right. Update them with what the incident taught you.",
            ),
            (
                "Nothing, if the final outcome was good enough on the night",
                "Even good nights show gaps worth fixing.",
            ),
            (
                "The staff on duty, who should be replaced by more senior people",
                "Replacing people loses their experience; fix the plan.",
            ),
            (
                "The brand guidelines, so posts look more professional next time",
                "Looks were not the problem; the plan and the rota are what to update.",
            ),
        ),
        tf(
            "Trust after the storm",
            "Once service is back to normal, the incident is over for the social team.",
            False,
            "Not quite. Trust is rebuilt in the days after: apologies, promises kept, a debrief.",
            "Right. Trust is rebuilt in the days after the incident.",
        ),
    ],
}

# Every knowledge check draws this many questions from its module's pool.
DRAW = 4
# The share of the marks needed to pass (3 of 4; every question of a crisis check for course C).
PASS_MARK = {"A": 75, "B": 75, "C": 100}
# Three attempts; after one that does not pass, half an hour to read the module again.
ATTEMPTS_ALLOWED = 3
WAIT_MINUTES = 30
